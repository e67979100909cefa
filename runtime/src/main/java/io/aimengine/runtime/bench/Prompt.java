package io.aimengine.runtime.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One prompt of a workload.
 *
 * @param text the prompt text (completions; a single user message for chat when {@code messages} is
 *     null)
 * @param messages chat messages from a prompt file, sent as they are; null for plain text
 * @param estimatedTokens the input length the prompt was made for (synthetic) or 0 (unknown): used
 *     only when the engine reports no usage
 * @param outputTokens the output length this prompt asks for; 0 takes the workload's
 */
public record Prompt(String text, JsonNode messages, int estimatedTokens, int outputTokens) {
  public static Prompt text(String text, int estimatedTokens) {
    return new Prompt(text, null, estimatedTokens, 0);
  }
}
