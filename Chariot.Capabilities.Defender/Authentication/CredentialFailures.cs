using System.Text.RegularExpressions;
using Chariot.Capabilities.Defender.Configuration;
using Microsoft.Identity.Client;

namespace Chariot.Capabilities.Defender.Authentication;

/// <summary>Turns a sign-in failure into what the user must do, keyed on the AADSTS code Microsoft returns.</summary>
internal static partial class CredentialFailures
{
    public static CapabilityException Describe(MsalException failure, DefenderSettings settings, string scope)
    {
        var code = AadstsCode().Match(failure.Message) is { Success: true } m ? m.Groups[1].Value : null;
        var tag = code is null ? failure.ErrorCode : "AADSTS" + code;
        var message = code switch
        {
            "7000215" => $"The client secret was refused ({tag}): paste the secret VALUE shown when the secret was created, not its Secret ID, into {DefenderKeys.ClientSecret}.",
            "7000222" => $"The client secret has expired ({tag}): create a new secret under Certificates & secrets and update {DefenderKeys.ClientSecret}.",
            "700027" or "700023" => $"The client certificate was refused ({tag}): upload its public key to the app registration under Certificates & secrets, or check {DefenderKeys.ClientCertificate}.",
            "700016" => $"Application {settings.ClientId} was not found in tenant {settings.TenantId} ({tag}): check {DefenderKeys.ClientId}, {DefenderKeys.TenantId} and the cloud ({settings.Cloud.Name}).",
            "90002" => $"Tenant {settings.TenantId} was not found ({tag}): check {DefenderKeys.TenantId} and that the cloud ({settings.Cloud.Name}) is the tenant's.",
            "900023" => $"The tenant id is malformed ({tag}): put the Directory (tenant) ID GUID in {DefenderKeys.TenantId}.",
            "70011" => $"The scope {scope} was refused ({tag}): check the cloud ({settings.Cloud.Name}) and {DefenderKeys.GraphScope} / {DefenderKeys.DefenderScope}.",
            "500011" => $"The resource of {scope} is not in tenant {settings.TenantId} ({tag}): Microsoft Defender for Endpoint may not be onboarded in this tenant, or admin consent was never granted for its permissions.",
            "700022" => $"The scope names more than one resource ({tag}): {DefenderKeys.GraphScope} and {DefenderKeys.DefenderScope} must each name one resource.",
            "7000112" => $"The application is disabled ({tag}): enable it in Enterprise applications.",
            "53003" => $"Conditional Access blocked the sign-in ({tag}): exclude this workload identity from the policy.",
            _ => null,
        };
        if (message is not null)
        {
            return new CapabilityException(CapabilityFailure.Credentials, message);
        }

        return failure is MsalServiceException service
            ? new CapabilityException(
                CapabilityFailure.Credentials,
                $"Sign-in to {settings.AuthorityHost.Host} failed ({tag}, HTTP {service.StatusCode}): {FirstLine(failure.Message)}")
            : new CapabilityException(
                CapabilityFailure.Vendor,
                $"Could not get a token from {settings.AuthorityHost.Host} ({failure.ErrorCode}): {FirstLine(failure.Message)} Check {DefenderKeys.AuthorityHost}, the cloud and the network path to it.");
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    [GeneratedRegex(@"AADSTS(\d{5,7})", RegexOptions.CultureInvariant)]
    private static partial Regex AadstsCode();
}
