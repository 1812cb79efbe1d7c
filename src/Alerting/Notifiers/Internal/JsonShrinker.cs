using System.Text.Json.Nodes;

namespace Alerting.Notifiers.Internal;

/// <summary>
/// Keeps JSON under a provider's size limit. <see cref="Shrink"/> fits a message whose shape the channel owns, by
/// cutting its longest text values visibly, one at a time, until the whole is small enough (in bytes as sent, or in
/// characters of text); only values the caller calls text are cut (never URLs, types or ids). <see cref="Fit"/> fits
/// user data of any shape (such as PagerDuty's <c>custom_details</c>) in bytes as sent: it first cuts the longest
/// strings, member values and array items alike, to a common length ending in the marker; then drops the largest
/// members of a top-level object, naming them in a <c>truncated</c> member; and gives up (returns
/// <see langword="null"/>) only when even that does not fit.
/// </summary>
internal static class JsonShrinker
{
    /// <summary>The member <see cref="Fit"/> adds to an object whose members it dropped.</summary>
    public const string DroppedMembersName = "truncated";

    /// <summary>How many dropped member names the note of <see cref="Fit"/> lists, each cut to <see cref="MinimumLength"/>.</summary>
    private const int NamesListed = 10;

    /// <summary>The shortest a text is cut to; below it the next longest text is cut instead.</summary>
    private const int MinimumLength = 40;

    /// <summary>
    /// Cuts text values (string properties whose name <paramref name="isText"/> accepts) until <paramref name="node"/>
    /// measures at most <paramref name="max"/>; returns the measure reached, which stays over the limit only when no text
    /// is left to cut.
    /// </summary>
    /// <param name="node">The JSON to shrink in place.</param>
    /// <param name="max">The budget.</param>
    /// <param name="isText">Which property names hold text that may be cut.</param>
    /// <param name="measure">What the budget counts; defaults to <see cref="Size"/>, the UTF-8 bytes as sent.</param>
    public static int Shrink(JsonNode node, int max, Func<string, bool> isText, Func<JsonNode, int>? measure = null)
    {
        measure ??= Size;
        var size = measure(node);
        while (size > max)
        {
            var longest = Texts(node, isText).Where(t => t.Value.Length > MinimumLength).MaxBy(t => t.Value.Length);
            if (longest.Parent is null)
            {
                return size;
            }

            // Cut by the excess, leaving room for the marker; a character is at least one byte, so one cut of the
            // longest text is usually enough, and each pass shortens a text, so the loop ends.
            var excess = size - max;
            var keep = Math.Max(MinimumLength, longest.Value.Length - excess - NotifierCapabilities.TruncationMarker.Length);
            longest.Parent[longest.Name] = TextTruncation.Truncate(longest.Value, keep, out _);
            size = measure(node);
        }

        return size;
    }

    /// <summary>
    /// Fits user data of any shape into <paramref name="max"/> UTF-8 bytes, written as <see cref="JsonPayload.ToUtf8Bytes"/>
    /// writes it. First every string longer than a common length (member values and array items alike, never names) is
    /// cut to it, visibly, but not below <see cref="MinimumLength"/> characters; when that is not enough and
    /// <paramref name="node"/> is an object, its largest members are dropped and a <c>truncated</c> member (see
    /// <see cref="DroppedMembersName"/>) says how many and which.
    /// </summary>
    /// <param name="node">The JSON to fit, changed in place; a string is replaced.</param>
    /// <param name="max">The budget in bytes.</param>
    /// <param name="fitting">What was done, for the log.</param>
    /// <returns>The fitted JSON, or <see langword="null"/> when nothing of it fits (it should then be left out).</returns>
    public static JsonNode? Fit(JsonNode node, int max, out JsonFitting fitting)
    {
        ArgumentNullException.ThrowIfNull(node);
        var original = Size(node);
        var size = original;
        var valuesCut = 0;
        var dropped = new List<string>();
        string? noteName = null;
        if (size > max)
        {
            if (node is JsonValue value && value.TryGetValue<string>(out var text))
            {
                var cut = CutToBytes(text, max);
                node = JsonValue.Create(cut);
                valuesCut = ReferenceEquals(cut, text) ? 0 : 1;
                size = Size(node);
            }
            else
            {
                (size, valuesCut) = CutLongStrings(node, size, max);
                if (size > max && node is JsonObject obj)
                {
                    (size, noteName) = DropLargestMembers(obj, size, max, dropped);
                }
            }
        }

        var fits = size <= max;
        fitting = new JsonFitting(original, fits ? size : 0, valuesCut, dropped, noteName, !fits);
        return fits ? node : null;
    }

    /// <summary>The size of <paramref name="node"/> in UTF-8 bytes, written as <see cref="JsonPayload.ToUtf8Bytes"/> writes it.</summary>
    public static int Size(JsonNode node) => JsonPayload.ToUtf8Bytes(node).Length;

    /// <summary>The size of <paramref name="text"/> as a JSON string in UTF-8 bytes, quotes and escapes included.</summary>
    public static int StringSize(string text) => Size(JsonValue.Create(text));

    /// <summary>
    /// The longest visible cut of <paramref name="text"/> (ending in the marker) whose JSON string takes at most
    /// <paramref name="maxBytes"/>, but never shorter than <see cref="MinimumLength"/> characters; the text itself when it fits.
    /// </summary>
    private static string CutToBytes(string text, int maxBytes)
    {
        if (text.Length <= MinimumLength || StringSize(text) <= maxBytes)
        {
            return text;
        }

        // The byte size of a character varies (UTF-8, JSON escapes), so search for the longest cut that fits.
        var (low, high) = (MinimumLength, text.Length - 1);
        while (low < high)
        {
            var keep = low + ((high - low + 1) / 2);
            if (StringSize(TextTruncation.Truncate(text, keep, out _)) <= maxBytes)
            {
                low = keep;
            }
            else
            {
                high = keep - 1;
            }
        }

        return TextTruncation.Truncate(text, low, out _);
    }

    /// <summary>
    /// Cuts every string over a common byte size (the largest that lets the whole fit, as water fills a vessel) to it;
    /// returns the size reached and how many strings were cut.
    /// </summary>
    private static (int Size, int Cut) CutLongStrings(JsonNode node, int size, int max)
    {
        var slots = new List<StringSlot>();
        Collect(node, slots);
        if (slots.Count == 0)
        {
            return (size, 0);
        }

        slots.Sort((a, b) => b.Bytes.CompareTo(a.Bytes));
        var room = max - (size - slots.Sum(s => (long)s.Bytes));
        var rest = slots.Sum(s => (long)s.Bytes);
        long cap = 0;
        for (var capped = 1; capped <= slots.Count; capped++)
        {
            // With the largest `capped` strings held to `cap` bytes, the others as they are.
            rest -= slots[capped - 1].Bytes;
            cap = (room - rest) / capped;
            if (capped == slots.Count || cap >= slots[capped].Bytes)
            {
                break;
            }
        }

        var cut = 0;
        foreach (var slot in slots)
        {
            if (slot.Bytes <= cap || slot.Value.Length <= MinimumLength)
            {
                continue;
            }

            var text = CutToBytes(slot.Value, (int)Math.Clamp(cap, 0, int.MaxValue));
            if (!ReferenceEquals(text, slot.Value))
            {
                slot.Set(text);
                cut++;
            }
        }

        return (cut == 0 ? size : Size(node), cut);
    }

    /// <summary>
    /// Drops the largest members of <paramref name="obj"/> until it fits with a note naming them; returns the size reached,
    /// which stays over <paramref name="max"/> only when no member is left to drop, and the note's name.
    /// </summary>
    private static (int Size, string Note) DropLargestMembers(JsonObject obj, int size, int max, List<string> dropped)
    {
        var note = DroppedMembersName;
        while (obj.ContainsKey(note))
        {
            note = "_" + note;
        }

        var total = obj.Count;
        var members = obj.Select(m => (m.Key, Bytes: StringSize(m.Key) + 1 + (m.Value is null ? 4 : Size(m.Value)) + 1))
            .OrderByDescending(m => m.Bytes)
            .ToList();
        var next = 0;
        while (size > max && next < members.Count)
        {
            // Sizes are kept by arithmetic while dropping, then measured: a pass ends when the estimate, note included, fits.
            var estimate = size - NoteBytes(note, dropped, total);
            do
            {
                var (name, bytes) = members[next++];
                estimate -= bytes;
                dropped.Add(name);
            }
            while (next < members.Count && estimate + NoteBytes(note, dropped, total) > max);

            // Rebuilt rather than removed from one by one, which moves every later member each time.
            var gone = new HashSet<string>(dropped, StringComparer.Ordinal) { note };
            var kept = obj.Where(m => !gone.Contains(m.Key)).ToList();
            obj.Clear();
            foreach (var (name, value) in kept)
            {
                obj[name] = value;
            }

            obj[note] = Note(dropped, total);
            size = Size(obj);
        }

        return (size, note);
    }

    /// <summary>The bytes the note takes as a member, comma included; none before anything is dropped.</summary>
    private static int NoteBytes(string note, List<string> dropped, int total) =>
        dropped.Count == 0 ? 0 : StringSize(note) + 1 + StringSize(Note(dropped, total)) + 1;

    private static string Note(List<string> dropped, int total)
    {
        var names = dropped.Take(NamesListed).Select(n => TextTruncation.Truncate(n, MinimumLength, out _));
        var more = dropped.Count > NamesListed ? $" and {dropped.Count - NamesListed} more" : string.Empty;
        return $"{NotifierCapabilities.TruncationMarker} {dropped.Count} of {total} members left out to fit the size limit: {string.Join(", ", names)}{more}";
    }

    private static void Collect(JsonNode? node, List<StringSlot> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        slots.Add(new StringSlot(obj, name, 0, text));
                    }
                    else
                    {
                        Collect(child, slots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        slots.Add(new StringSlot(array, null, i, text));
                    }
                    else
                    {
                        Collect(array[i], slots);
                    }
                }

                break;
        }
    }

    /// <summary>The characters of all text values (string properties whose name <paramref name="isText"/> accepts) together.</summary>
    public static int TextLength(JsonNode node, Func<string, bool> isText) => Texts(node, isText).Sum(t => t.Value.Length);

    private static IEnumerable<(JsonObject? Parent, string Name, string Value)> Texts(JsonNode? node, Func<string, bool> isText)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        if (isText(name))
                        {
                            yield return (obj, name, text);
                        }
                    }
                    else
                    {
                        foreach (var found in Texts(child, isText))
                        {
                            yield return found;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var found in Texts(child, isText))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    /// <summary>A string in a JSON object (by name) or array (by index), and its size as sent.</summary>
    private sealed class StringSlot(JsonNode parent, string? name, int index, string value)
    {
        public string Value { get; private set; } = value;

        public int Bytes { get; } = StringSize(value);

        public void Set(string text)
        {
            Value = text;
            if (parent is JsonObject obj)
            {
                obj[name!] = text;
            }
            else
            {
                ((JsonArray)parent)[index] = JsonValue.Create(text);
            }
        }
    }
}

/// <summary>
/// What <see cref="JsonShrinker.Fit"/> did: the sizes before and after in bytes, how many strings it cut, which members
/// it dropped and the name of the member that lists them, and whether it gave up.
/// </summary>
internal readonly record struct JsonFitting(int OriginalBytes, int Bytes, int ValuesCut, IReadOnlyList<string> MembersDropped, string? NoteName, bool Dropped)
{
    /// <summary>Gets a value indicating whether anything was cut or dropped.</summary>
    public bool Changed => ValuesCut > 0 || MembersDropped.Count > 0 || Dropped;
}
