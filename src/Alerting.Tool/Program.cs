using Alerting.Tool;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return await AlertingTool.RunAsync(args, Console.Out, Console.Error, Directory.GetCurrentDirectory(), cancel.Token).ConfigureAwait(false);
