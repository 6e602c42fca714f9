// Placeholder: the benchmark driver is written next.
print("decruft-bench")
