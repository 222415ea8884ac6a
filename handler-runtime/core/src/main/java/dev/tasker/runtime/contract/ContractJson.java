package dev.tasker.runtime.contract;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON (de)serialisation of the handler contract (version 1) with snake_case field names.
 *
 * <p>Step invocations are read leniently (unknown fields ignored); step results are checked field by
 * field so that a handler author learns exactly what is wrong (see {@link #readResult(byte[])}).
 * All methods are thread-safe.
 */
public final class ContractJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ContractJson() {}

    /**
     * Serialises a step invocation to UTF-8 JSON (the bytes a handler reads from stdin).
     *
     * @param invocation the invocation
     * @return UTF-8 JSON bytes
     */
    public static byte[] writeInvocation(StepInvocation invocation) {
        try {
            return MAPPER.writeValueAsBytes(invocation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise step invocation: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses a step invocation.
     *
     * @param json UTF-8 JSON bytes
     * @return the invocation
     * @throws IllegalArgumentException if the bytes are not JSON, do not match the invocation shape,
     *     or {@code contract_version} is not {@link StepInvocation#CONTRACT_VERSION}; the message
     *     gives the reason and location
     */
    public static StepInvocation readInvocation(byte[] json) {
        StepInvocation invocation;
        try {
            invocation = MAPPER.readValue(json, StepInvocation.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid step invocation: " + describe(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (invocation.contractVersion() != StepInvocation.CONTRACT_VERSION) {
            throw new IllegalArgumentException("invalid step invocation: field 'contract_version' is "
                    + invocation.contractVersion() + "; expected " + StepInvocation.CONTRACT_VERSION);
        }
        return invocation;
    }

    /**
     * Serialises a step result to UTF-8 JSON (see {@link #toJson(StepResult)} for the shape).
     *
     * @param result the result
     * @return UTF-8 JSON bytes
     */
    public static byte[] writeResult(StepResult result) {
        try {
            return MAPPER.writeValueAsBytes(toJson(result));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise step result: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Builds the wire JSON of a step result. Optional fields that are absent (null, or an empty
     * {@code events} list) are omitted; {@code metadata} is always present.
     *
     * @param result the result
     * @return {@code {"success":true,"result":..,"metadata":{..}, ...}} or
     *     {@code {"success":false,"error":{..},"metadata":{..}}}
     */
    public static ObjectNode toJson(StepResult result) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        switch (result) {
            case StepResult.Success success -> {
                json.put("success", true);
                json.set("result", success.result());
                if (success.decisionPointOutcome() != null) {
                    json.set("decision_point_outcome", success.decisionPointOutcome());
                }
                if (success.batchProcessingOutcome() != null) {
                    json.set("batch_processing_outcome", success.batchProcessingOutcome());
                }
                if (!success.events().isEmpty()) {
                    ArrayNode events = json.putArray("events");
                    for (StepResult.DomainEvent event : success.events()) {
                        events.addObject().put("name", event.name()).set("payload", event.payload());
                    }
                }
            }
            case StepResult.Failure failure -> {
                json.put("success", false);
                StepResult.StepError error = failure.error();
                ObjectNode errorJson = json.putObject("error");
                errorJson.put("message", error.message());
                errorJson.put("error_type", error.errorType());
                errorJson.put("retryable", error.retryable());
                if (error.errorCode() != null) {
                    errorJson.put("error_code", error.errorCode());
                }
                if (error.retryAfterMs() != null) {
                    errorJson.put("retry_after_ms", error.retryAfterMs());
                }
            }
        }
        json.set("metadata", result.metadata());
        return json;
    }

    /**
     * Parses and checks a step result (e.g. a handler's stdout).
     *
     * @param json UTF-8 JSON bytes; one JSON document, optionally surrounded by whitespace
     * @return the result
     * @throws InvalidStepResultException if the bytes are empty, not JSON (message gives line and
     *     column), hold more than one document, or a field is missing or has the wrong type
     *     (message names it, e.g. {@code field 'error.retryable' is missing})
     */
    public static StepResult readResult(byte[] json) throws InvalidStepResultException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidStepResultException("not valid JSON: " + describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return StepResultReader.read(root);
    }

    /**
     * Checks an already parsed step result (e.g. from a Lambda response).
     *
     * @param json the JSON tree
     * @return the result
     * @throws InvalidStepResultException as for {@link #readResult(byte[])}
     */
    public static StepResult readResult(JsonNode json) throws InvalidStepResultException {
        return StepResultReader.read(json);
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null || location.getLineNr() < 0
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return e.getOriginalMessage() + where;
    }
}
