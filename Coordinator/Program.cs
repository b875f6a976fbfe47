Console.WriteLine("crossfold");
