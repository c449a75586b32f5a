using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Chariot.Capabilities.Defender.Testing.Faults;
using Chariot.Capabilities.Defender.Testing.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Chariot.Capabilities.Defender.Testing.Hosting;

/// <summary>
/// The tenant over real HTTPS on 127.0.0.1: one ephemeral port per role (authority, Graph, Defender, blob) and an
/// ephemeral self-signed certificate. Point a client at the role URIs and trust <see cref="Certificate"/>.
/// </summary>
public sealed class FakeDefenderServer : IAsyncDisposable
{
    private readonly FakeDefenderTenant _tenant;
    private readonly Dictionary<int, HostRole> _roles = [];
    private WebApplication? _app;
    private RoleAddresses? _addresses;

    /// <summary>Prepares a server for <paramref name="tenant"/>; call <see cref="StartAsync"/> to listen.</summary>
    public FakeDefenderServer(FakeDefenderTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        _tenant = tenant;
        Certificate = LoopbackCertificate.Create();
    }

    /// <summary>The server certificate: trust exactly this one (compare thumbprints or use a custom trust store).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Where the token endpoint lives, e.g. <c>https://127.0.0.1:49152/</c>; the authority is <c>{AuthorityUri}{tenantId}</c>.</summary>
    public Uri AuthorityUri => Addresses.Authority;

    /// <summary>The Graph root; alerts are at <c>{GraphUri}v1.0/security/alerts_v2</c>.</summary>
    public Uri GraphUri => Addresses.Graph;

    /// <summary>The Defender for Endpoint root; machines are at <c>{DefenderUri}api/machines</c>.</summary>
    public Uri DefenderUri => Addresses.Defender;

    /// <summary>The blob host export links point at.</summary>
    public Uri BlobUri => Addresses.Blob;

    private RoleAddresses Addresses => _addresses ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>Binds four loopback ports and starts serving.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        var listeners = new Dictionary<HostRole, ListenOptions>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            foreach (var role in new[] { HostRole.Authority, HostRole.Graph, HostRole.Defender, HostRole.Blob })
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(Certificate);
                    listeners[role] = listen;
                });
            }
        });
        var app = builder.Build();
        app.Run(ServeAsync);
        await app.StartAsync(cancellationToken);
        _app = app;

        // Kestrel writes the bound port back into each ListenOptions once it has bound it.
        Uri UriOf(HostRole role)
        {
            var port = ((IPEndPoint)listeners[role].EndPoint).Port;
            _roles[port] = role;
            return new Uri($"https://127.0.0.1:{port}/");
        }

        _addresses = new RoleAddresses(UriOf(HostRole.Authority), UriOf(HostRole.Graph), UriOf(HostRole.Defender), UriOf(HostRole.Blob));
    }

    /// <summary>A handler that trusts only this server's certificate; for tests and the host's sandbox mode.</summary>
    public HttpClientHandler CreateTrustingHandler()
    {
        var thumbprint = Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                certificate is not null &&
                (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None &&
                string.Equals(certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256), thumbprint, StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>Stops listening and releases the certificate.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Certificate.Dispose();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var role = _roles.GetValueOrDefault(context.Connection.LocalPort, HostRole.Unknown);
        string? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var request = new FakeRequest(
            context.Request.Method,
            role,
            new Uri($"https://{context.Request.Host}"),
            context.Request.Path.Value ?? "/",
            rawTarget,
            RequestDecoding.DecodeQuery(context.Request.QueryString.Value),
            context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
            RequestDecoding.DecodeForm(body),
            Addresses,
            body);
        var answer = _tenant.Handle(request);
        context.Response.StatusCode = answer.Status;
        if (answer.ContentType is not null)
        {
            context.Response.ContentType = answer.ContentType;
        }

        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers.Append(name, value);
        }

        if (answer.Body is null)
        {
            return;
        }

        try
        {
            // Headers go out first, so a reset fault lands mid-body rather than before the status line.
            await context.Response.StartAsync(context.RequestAborted);
            await answer.Body(context.Response.Body, context.RequestAborted);
        }
        catch (BodyCutOffException cut) when (cut.IsReset)
        {
            // Drop the connection with the body half sent, as a reset in the middle of a page does. The short real
            // pause lets the sent bytes reach the client first: a reset discards what the peer has not yet read.
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None);
            context.Abort();
        }
        catch (BodyCutOffException)
        {
            // A truncated body: end the response normally, leaving the JSON unfinished.
        }
    }
}
