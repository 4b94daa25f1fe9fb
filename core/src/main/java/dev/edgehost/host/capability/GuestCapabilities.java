package dev.edgehost.host.capability;

/** Everything one request's guest may use, one capability per part of the ABI. */
public record GuestCapabilities(
        RequestCapability request,
        ResponseCapability response,
        LogCapability log,
        ConfigCapability config,
        EnvironmentCapability environment,
        KvCapability kv,
        FetchCapability fetch,
        CryptoCapability crypto) {}
