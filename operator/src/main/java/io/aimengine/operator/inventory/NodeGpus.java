package io.aimengine.operator.inventory;

/**
 * The GPUs one schedulable node offers.
 *
 * @param node node name
 * @param model canonical GPU model ("MI300X"), or {@code AMD-<device id>} for ids the table lacks
 * @param memoryBytes memory of one GPU in bytes (node label, else the GPU table), 0 when unknown
 * @param count allocatable GPUs
 */
public record NodeGpus(String node, String model, long memoryBytes, int count) {}
