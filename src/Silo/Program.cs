using Fraud.Orleans.Silo.Hosting;

try
{
    await using var silo = await SiloHost.StartAsync(args);
    await silo.WaitForShutdownAsync();
    return 0;
}
catch (SiloConfigurationException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
