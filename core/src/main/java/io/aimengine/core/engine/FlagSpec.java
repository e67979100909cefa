package io.aimengine.core.engine;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One command-line flag of an engine, as its flag table ({@code <engine>-flags.tsv}) describes it.
 * Immutable.
 *
 * @param name long flag without leading dashes ("max-num-seqs")
 * @param aliases other long spellings, no dashes ("tensor-parallel-size" for SGLang's tp-size)
 * @param shortForms single-dash short forms as written ("-tp"); documentation only
 * @param type what value the flag takes
 * @param valueOptional true when the flag may also be given bare (vLLM --hf-token)
 * @param choices accepted values for {@link ValueType#CHOICE}, empty otherwise
 * @param openChoices true when {@code choices} is a known subset (an unlisted value may still work)
 * @param status whether the flag exists
 * @param addedIn first release that has it, null when not recorded
 * @param deprecatedIn release that deprecated it, null when not recorded
 * @param removedIn first release without it, null when not recorded
 * @param replacement the flag to use instead, null when none
 * @param counterpart the equivalent flag of the other engine (vLLM ↔ SGLang), null when none
 * @param note one line of explanation, may be empty
 */
public record FlagSpec(
    String name,
    List<String> aliases,
    List<String> shortForms,
    ValueType type,
    boolean valueOptional,
    List<String> choices,
    boolean openChoices,
    Status status,
    String addedIn,
    String deprecatedIn,
    String removedIn,
    String replacement,
    String counterpart,
    String note) {

  public FlagSpec {
    aliases = List.copyOf(aliases);
    shortForms = List.copyOf(shortForms);
    choices = List.copyOf(choices);
  }

  /** The value a flag takes. */
  public enum ValueType {
    STRING,
    INT,
    FLOAT,
    /** argparse BooleanOptionalAction: {@code --name} and {@code --no-name} both exist. */
    BOOL,
    /** argparse store_true: {@code --name} only; it takes no value. */
    STORE_TRUE,
    CHOICE,
    JSON,
    /** one or more values after one flag (nargs='+'). */
    LIST,
    /** an invalid or removed flag whose value type is not recorded. */
    NONE;

    /** True for flags written bare (no value). */
    public boolean isSwitch() {
      return this == BOOL || this == STORE_TRUE;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Whether a flag exists. */
  public enum Status {
    ACTIVE,
    /** still accepted, with a warning; a replacement usually exists. */
    DEPRECATED,
    /** accepted by older releases only (see {@link #removedIn}). */
    REMOVED,
    /** never existed in this engine: a common mistake (another engine's or tool's name). */
    INVALID;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Optional<EngineVersion> removedVersion() {
    return EngineVersion.find(removedIn);
  }

  public Optional<EngineVersion> addedVersion() {
    return EngineVersion.find(addedIn);
  }

  public Optional<EngineVersion> deprecatedVersion() {
    return EngineVersion.find(deprecatedIn);
  }

  /** The flag as typed on a command line. */
  public String display() {
    return "--" + name;
  }
}
