"""The use of records (TT 05/2025 Chương VI, docs/domain.md §4.10): requests to use a
conditional record (mode 02), their approval or refusal, and the grants they give."""
