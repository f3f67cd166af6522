# Silo image for docker-compose. librdkafka (librdkafka.redist) and ONNX Runtime come from NuGet, in the publish output.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Fraud.Orleans.Silo.csproj -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /out .
COPY model/fraud-model.onnx model/fraud-model.json ./model/
ENTRYPOINT ["dotnet", "Fraud.Orleans.Silo.dll"]
