package dev.edgehost.host.capability;

/**
 * Everything one request's guest may use, one capability per part of the ABI, with the host
 * work every host function charges and the process its WASI functions see ({@code null} for a
 * module that imports nothing from WASI).
 */
public record GuestCapabilities(
        RequestCapability request,
        ResponseCapability response,
        LogCapability log,
        ConfigCapability config,
        EnvironmentCapability environment,
        KvCapability kv,
        FetchCapability fetch,
        CryptoCapability crypto,
        HostWork work,
        WasiProcess wasi) {}
