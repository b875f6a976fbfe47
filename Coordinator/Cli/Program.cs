using System.CommandLine;
using Crossfold.Cli;

// Signals are handled by each command (Ctrl-C cancels a local run; SIGTERM stops a server gracefully),
// not by System.CommandLine, whose default would end the process two seconds after the signal.
return await CrossfoldCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
