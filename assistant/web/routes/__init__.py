"""The API's routes, one module per group: ask (answers, chats, drafts) · corpus · admin · ops · page."""
