package dev.tasker.lambda;

import dev.tasker.runtime.contract.ContractJson;
import dev.tasker.runtime.contract.InvalidStepResultException;
import java.nio.charset.StandardCharsets;

/**
 * Init-phase priming of the contract JSON code paths every invocation takes (Jackson's mapper
 * bootstrap, step invocation records, step result trees): exactly what the request path does, on
 * synthetic documents. It parses an invocation ({@link ContractJson#readInvocation}, the event check),
 * parses a success and a failure result as the handler-runtime parses a handler's stdout
 * ({@link ContractJson#readResult(byte[])}) and writes them back ({@link ContractJson#writeResult}). No
 * handler runs.
 *
 * <p>Why: on a cold JVM these paths cost more than running a small handler (hundreds of classes to load
 * and link). The function runs this on a second thread while the module loads, so the work overlaps
 * module loading instead of adding to the first invocation; under Lambda SnapStart it lands in the snapshot.
 */
final class ContractJsonWarmup {

    private static final byte[] INVOCATION = """
            {"contract_version":1,
             "task":{"uuid":"00000000-0000-0000-0000-000000000001","namespace":"warmup","name":"warmup",
                     "version":"0.0.0","context":{"n":1},"correlation_id":null},
             "step":{"uuid":"00000000-0000-0000-0000-000000000002","name":"warmup","attempt":1,"max_attempts":1,
                     "inputs":null,"checkpoint":null},
             "config":{"warmup":true},"dependency_results":{"previous":{"n":1}}}""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SUCCESS = """
            {"success":true,"result":{"n":1},"metadata":{}}""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FAILURE = """
            {"success":false,"error":{"message":"warmup","error_type":"warmup","retryable":false},"metadata":{}}"""
            .getBytes(StandardCharsets.UTF_8);

    private ContractJsonWarmup() {
    }

    /** Starts the warm-up on a daemon thread; join it before serving. */
    static Thread start() {
        Thread thread = new Thread(ContractJsonWarmup::run, "tasker-contract-json-warmup");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void run() {
        ContractJson.readInvocation(INVOCATION);
        try {
            ContractJson.writeResult(ContractJson.readResult(SUCCESS));
            ContractJson.writeResult(ContractJson.readResult(FAILURE));
        } catch (InvalidStepResultException e) {
            throw new IllegalStateException("contract JSON warm-up documents are invalid", e);
        }
    }
}
