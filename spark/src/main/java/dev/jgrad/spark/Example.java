package dev.jgrad.spark;

import java.io.Serializable;

/**
 * One training example as Spark ships it: the features of one row and a class label.
 *
 * @param features the input row
 * @param label the class, from 0
 */
public record Example(float[] features, int label) implements Serializable {}
