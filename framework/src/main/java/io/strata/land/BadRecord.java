package io.strata.land;

import java.io.Serializable;

/** A line of an input file that could not be parsed. */
public record BadRecord(String file, long line, String error, String record)
    implements Serializable {}
