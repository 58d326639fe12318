/** Where the research tool's output goes; `write` resolves when the sink can take more (backpressure). */
export interface Out {
  write(chunk: string): Promise<void>;
}
