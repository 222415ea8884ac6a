package dev.tasker.orchestrator.template;

/**
 * Workflow step types of DESIGN §3/§4, with their YAML spellings.
 */
public enum StepType {
    STANDARD("standard"),
    DECISION("decision"),
    DEFERRED_CONVERGENCE("deferred_convergence"),
    BATCHABLE("batchable"),
    BATCH_WORKER("batch_worker");

    private final String yamlName;

    StepType(String yamlName) {
        this.yamlName = yamlName;
    }

    /** @return the YAML/JSON spelling, e.g. {@code deferred_convergence}. */
    public String yamlName() {
        return yamlName;
    }

    /**
     * @param yamlName a spelling as written in a template
     * @return the matching type
     * @throws IllegalArgumentException when no type has that spelling
     */
    public static StepType fromYaml(String yamlName) {
        for (StepType t : values()) {
            if (t.yamlName.equals(yamlName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown step type '" + yamlName
                + "' (expected one of standard, decision, deferred_convergence, batchable, batch_worker)");
    }
}
