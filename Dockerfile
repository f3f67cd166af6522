# Silo image for docker-compose. librdkafka (librdkafka.redist) and ONNX Runtime come from NuGet, in the publish output.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Fraud.Orleans.Silo.csproj -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /out .
COPY model/fraud-model.onnx model/fraud-model.json ./model/
COPY model/challenger/fraud-model.onnx model/challenger/fraud-model.json ./model/challenger/
# The runtime settings ./fraud exports for its silos (see there): idle pool threads sleep at once instead of spinning
# on a 2-core box, and a 64 MB gen0 budget for a process that allocates a few KB per transaction.
ENV DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_GCgen0size=0x4000000
ENTRYPOINT ["dotnet", "Fraud.Orleans.Silo.dll"]
