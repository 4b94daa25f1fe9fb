package dev.edgehost.host.execution;

import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads requests run on: a virtual thread per request on Java 21 and later, else the
 * {@link CarrierPool}. Either way the {@link FairScheduler} bounds the guests running Wasm (the
 * workers) and the requests under way ({@code --carriers}); with virtual threads a waiting guest
 * holds no platform thread at all, and the JVM carries them on at least as many platform threads
 * as there are workers. Thread-safe: no state.
 */
final class Carriers {
    private static final Logger LOG = LoggerFactory.getLogger(Carriers.class);

    private Carriers() {}

    /**
     * @param virtual whether to run requests on virtual threads ({@link VirtualThreads#chosen()})
     * @param workers how many guests run Wasm at once
     * @param carriers how many requests may be under way at once (subrequests: twice as many)
     */
    static ExecutorService create(boolean virtual, int workers, int carriers) {
        if (VirtualThreads.askedButMissing()) {
            LOG.warn("{}=true, but Java {} has no virtual threads (Java 21 has): requests run on the carrier pool",
                    VirtualThreads.PROPERTY, Runtime.version().feature());
        }
        if (!virtual) {
            LOG.info("requests run on platform threads (Java {}): at most {} under way, {} running Wasm at once",
                    Runtime.version().feature(), carriers, workers);
            return CarrierPool.create(workers, 2 * carriers);
        }
        int parallelism = VirtualThreads.reserveCarriers(workers);
        LOG.info("requests run on virtual threads (Java {}): at most {} under way, {} running Wasm at once, carried by {} "
                + "platform threads", Runtime.version().feature(), carriers, workers, parallelism);
        if (parallelism < workers) {
            LOG.warn("{}={} is below the {} workers: a guest running Wasm may wait for another to finish before it runs",
                    VirtualThreads.PARALLELISM, parallelism, workers);
        }
        return VirtualThreads.perTask("edge-guest-");
    }
}
