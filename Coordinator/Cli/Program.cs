using System.CommandLine;
using Crossfold.Cli;
using Crossfold.Protocol.CommandLine;

// Signals are handled by each command (Ctrl-C cancels a local run; SIGTERM stops a server gracefully),
// not by System.CommandLine, whose default would end the process two seconds after the signal.
return await CommandLineProblems.Invoke(CrossfoldCommandLine.Build(), args, new InvocationConfiguration { ProcessTerminationTimeout = null });
