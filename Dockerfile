# syntax=docker/dockerfile:1
# IamOperator image: the SDK builds and publishes, a chiseled ASP.NET Core runtime (no shell, no
# package manager) runs it as a non-root user. Build: docker build -t iam-operator .

ARG DOTNET_VERSION=10.0

# The SDK runs on the builder's platform and compiles for the target's (-a $TARGETARCH), as the .NET samples do.
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
WORKDIR /src
# Restore first, from the project files only, so source edits reuse the restored layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/IamOperator/IamOperator.csproj src/IamOperator/
COPY src/IamOperator.Controllers/IamOperator.Controllers.csproj src/IamOperator.Controllers/
COPY src/IamOperator.Iam/IamOperator.Iam.csproj src/IamOperator.Iam/
COPY src/IamOperator.Iam.Emulator/IamOperator.Iam.Emulator.csproj src/IamOperator.Iam.Emulator/
COPY src/IamOperator.Policies/IamOperator.Policies.csproj src/IamOperator.Policies/
COPY src/IamOperator.Reconciliation/IamOperator.Reconciliation.csproj src/IamOperator.Reconciliation/
COPY src/IamOperator.Resources/IamOperator.Resources.csproj src/IamOperator.Resources/
RUN dotnet restore src/IamOperator/IamOperator.csproj -a $TARGETARCH
COPY src/ src/
# Published for the target's runtime, so the assemblies are precompiled (ReadyToRun, see IamOperator.csproj).
RUN dotnet publish src/IamOperator/IamOperator.csproj --configuration Release -a $TARGETARCH --no-self-contained --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled AS runtime
WORKDIR /app
COPY --from=build /app ./
# The chiseled images' non-root "app" user, numeric so Kubernetes' runAsNonRoot can verify it.
USER 1654:1654
EXPOSE 8080
ENTRYPOINT ["/app/iam-operator"]
CMD ["run"]
