package dev.tasker.cli.command;

import picocli.CommandLine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task template reference given on the command line: {@code <namespace>/<name>[@<version>]}; without a
 * version the orchestrator uses the template's latest version.
 *
 * @param namespace the template's {@code namespace_name}
 * @param name      the template's {@code name}
 * @param version   the version, or null for the latest
 */
record TemplateRef(String namespace, String name, String version) {

    private static final Pattern FORM = Pattern.compile("([^/@\\s]+)/([^/@\\s]+)(?:@(\\S+))?");

    /** @return {@code namespace/name} or {@code namespace/name@version} */
    @Override
    public String toString() {
        return namespace + "/" + name + (version == null ? "" : "@" + version);
    }

    /** picocli converter: refuses anything but {@code namespace/name[@version]} (exit code 2). */
    static final class Converter implements CommandLine.ITypeConverter<TemplateRef> {
        @Override
        public TemplateRef convert(String value) {
            Matcher m = FORM.matcher(value.strip());
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a template reference: use <namespace>/<name>[@<version>], e.g. ecommerce/order_fulfillment@1.0.0");
            }
            return new TemplateRef(m.group(1), m.group(2), m.group(3));
        }
    }
}
