package dev.tasker.lambda.emulator;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** AWS SDK v2 Lambda clients pointed at a {@link LambdaEmulator}. */
public final class LambdaClients {
    private LambdaClients() {
    }

    /**
     * A synchronous client for the emulator's Invoke API: static dummy credentials, no retries (so a
     * test sees each invocation exactly once), and a 60 s socket timeout (longer than any test function
     * timeout).
     */
    public static LambdaClient forEmulator(URI endpoint) {
        return LambdaClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(LambdaEmulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(60)).build())
                .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }
}
