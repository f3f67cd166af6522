# Silo image for docker-compose. librdkafka comes from Debian, ONNX Runtime from the onnxruntime-node npm package.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Silo/Fraud.Orleans.Silo.csproj -c Release -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends librdkafka1 npm && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /tools/onnxruntime && cd /tmp && npm pack --silent onnxruntime-node@1.30.0 \
 && tar -xzf onnxruntime-node-1.30.0.tgz package/bin/napi-v6/linux/x64 \
 && mv package/bin/napi-v6/linux/x64/* /tools/onnxruntime/ && rm -rf /tmp/* \
 && apt-get purge -y npm && apt-get autoremove -y
ENV FRAUD_TOOLS_DIR=/tools
WORKDIR /app
COPY --from=build /out .
COPY model/fraud-model.onnx model/fraud-model.json ./model/
ENTRYPOINT ["dotnet", "Fraud.Orleans.Silo.dll"]
