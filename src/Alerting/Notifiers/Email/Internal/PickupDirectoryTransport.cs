using System.Globalization;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>
/// Writes each message as a complete <c>.eml</c> file (CRLF line ends, as on the wire) into a folder that any mail client
/// or pickup service can read. The file is written under a temporary name and renamed when complete, so a reader never
/// sees half a message.
/// </summary>
internal sealed class PickupDirectoryTransport(string directory, TimeProvider time, ILogger logger) : IEmailTransport
{
    private static readonly FormatOptions s_format = CreateFormat();

    /// <summary>Gets the full path of the folder messages are written to.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    public async ValueTask<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}");
        var temporary = Path.Combine(Directory, "." + name + ".tmp");
        var final = Path.Combine(Directory, name + ".eml");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                await message.WriteToAsync(s_format, file, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, final);
            EmailLog.PickupWritten(logger, final);
            return DeliveryResult.Delivered();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            TryDelete(temporary);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            var reason = $"Could not write to the pickup directory {Directory}: {ex.GetType().Name}: {ex.Message}";
            return ex is UnauthorizedAccessException ? DeliveryResult.Permanent(reason) : DeliveryResult.Transient(reason);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left behind under a name readers ignore.
        }
    }
}
