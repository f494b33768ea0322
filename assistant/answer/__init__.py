"""The answer stage: `sources` (what retrieval found beside the verdict) · `info` (answers about the regime) ·
`compose` (verdict → cited Markdown) · `labels` · `rewrite` (optional LLM) · `draft` (helpdesk reply) ·
`card` (the "what I understood" card and facts_patch corrections)."""
