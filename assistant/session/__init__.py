"""What outlives one answer: `chats` (sessions in memory) · `audit` (the SQLite log of answers)."""
