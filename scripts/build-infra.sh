#!/usr/bin/env bash
# Builds and lints the Bicep templates under infra/, and writes the compiled ARM template and parameters to
# artifacts/infra/main.json and artifacts/infra/main.parameters.json, which the deployment tests
# (tests/OneTimeLinks.Tests/Deployment) read.
#
# The Bicep compiler comes from NuGet (package Azure.Bicep.CommandLine.linux-x64), fetched with
# `dotnet restore` of a throw-away project that only declares a <PackageDownload>: no other
# download channel is used. The package lands in artifacts/tools/bicep and is reused on later runs.
#
# Fails (non-zero) on any compiler or linter error OR warning.
set -euo pipefail

BICEP_PACKAGE="Azure.Bicep.CommandLine.linux-x64"
BICEP_VERSION="${BICEP_VERSION:-0.49.2}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="${repo_root}/artifacts/tools/bicep"
packages_dir="${tools_dir}/packages"
package_dir="${packages_dir}/$(tr '[:upper:]' '[:lower:]' <<<"${BICEP_PACKAGE}")/${BICEP_VERSION}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The Bicep CLI is a self-contained .NET app; keep its own telemetry off too.
export BICEP_TRACING_ENABLED=false

find_bicep() {
  [[ -d "${package_dir}" ]] || return 0
  find "${package_dir}" -type f -name bicep 2>/dev/null | head -n 1
}

bicep="$(find_bicep)"
if [[ -z "${bicep}" ]]; then
  restore_dir="${tools_dir}/restore"
  mkdir -p "${restore_dir}" "${packages_dir}"
  # Stop MSBuild from importing the repository's Directory.*.props/targets (central package
  # management, warnings-as-errors, ...): the first file found walking up wins, so empty ones here.
  for f in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
    printf '<Project />\n' >"${restore_dir}/${f}"
  done
  cat >"${restore_dir}/BicepDownload.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <DisableImplicitNuGetFallbackFolder>true</DisableImplicitNuGetFallbackFolder>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="${BICEP_PACKAGE}" Version="[${BICEP_VERSION}]" />
  </ItemGroup>
</Project>
EOF
  restore_log="${tools_dir}/restore.log"
  if ! dotnet restore "${restore_dir}/BicepDownload.csproj" --packages "${packages_dir}" >"${restore_log}" 2>&1; then
    cat "${restore_log}" >&2
    echo "build-infra: dotnet restore of ${BICEP_PACKAGE} ${BICEP_VERSION} failed" >&2
    exit 1
  fi
  bicep="$(find_bicep)"
  if [[ -z "${bicep}" ]]; then
    echo "build-infra: no 'bicep' executable found in ${package_dir}" >&2
    exit 1
  fi
fi
chmod +x "${bicep}"

cd "${repo_root}"

bicep_version="$("${bicep}" --version 2>&1 | head -n 1)"

# Runs one bicep command and fails on a non-zero exit or on any diagnostic. Bicep writes diagnostics
# to stderr as "<file>(line,col) : Error|Warning|Info <code>: <message>"; build output goes to --outfile
# (stdout is discarded), so only diagnostics are inspected.
diagnostics=0
run_bicep() {
  local err rc=0
  err="$("${bicep}" "$@" 2>&1 >/dev/null)" || rc=$?
  if [[ ${rc} -ne 0 ]] || grep -Eqi '(error|warning|info) [A-Za-z0-9-]+:|^(error|warning)\b' <<<"${err}"; then
    echo "build-infra: 'bicep $*' failed (exit ${rc}):" >&2
    printf '%s\n' "${err}" >&2
    diagnostics=$((diagnostics + 1))
  elif [[ -n "${err}" ]]; then
    # Anything else bicep prints to stderr is unexpected: show it and count it as a failure.
    echo "build-infra: 'bicep $*' printed unexpected output:" >&2
    printf '%s\n' "${err}" >&2
    diagnostics=$((diagnostics + 1))
  fi
}

compiled_dir="${repo_root}/artifacts/infra"
mkdir -p "${compiled_dir}"
# A failed build must not leave an older template behind for the tests to read.
rm -f "${compiled_dir}/main.json" "${compiled_dir}/main.parameters.json"

run_bicep build infra/main.bicep --outfile "${compiled_dir}/main.json"
run_bicep lint infra/main.bicep
run_bicep build-params infra/main.bicepparam --outfile "${compiled_dir}/main.parameters.json"
run_bicep lint infra/main.bicepparam

if [[ ${diagnostics} -ne 0 ]]; then
  echo "build-infra: FAILED (${diagnostics} bicep command(s) reported errors or warnings) with ${bicep_version}" >&2
  exit 1
fi

echo "build-infra: OK, infra/main.bicep and infra/main.bicepparam build and lint with 0 errors, 0 warnings (${bicep_version}); compiled to artifacts/infra/"
