"""The verify stage: `verifier` checks a composed (or rewritten) answer against the verdict and the articles."""
