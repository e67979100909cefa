package io.aimengine.runtime.bench;

/** The OpenAI-compatible APIs the benchmark drives, each streamed. */
public enum Api {
  /** {@code /v1/chat/completions}: tokens in {@code choices[0].delta.content}. */
  CHAT("/v1/chat/completions"),
  /** {@code /v1/completions}: tokens in {@code choices[0].text}. */
  COMPLETIONS("/v1/completions");

  private final String path;

  Api(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }
}
