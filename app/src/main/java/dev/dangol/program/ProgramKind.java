package dev.dangol.program;

/** Whether a program is the national one (Onnuri-like) or a town's own (Seoul Love-like). */
public enum ProgramKind {
    NATIONAL,
    REGIONAL
}
