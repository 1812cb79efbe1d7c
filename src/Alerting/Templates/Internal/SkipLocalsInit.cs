using System.Runtime.CompilerServices;

// Template rendering writes into stack buffers it fills before reading; zeroing them first is pure cost.
[module: SkipLocalsInit]
