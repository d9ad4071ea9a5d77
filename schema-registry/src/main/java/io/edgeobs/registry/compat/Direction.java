package io.edgeobs.registry.compat;

/** Who reads whom: BACKWARD = the newer schema reads data of the older; FORWARD = the older reads the newer. */
enum Direction {
    BACKWARD,
    FORWARD
}
