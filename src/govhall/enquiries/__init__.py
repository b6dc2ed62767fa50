"""咨询 · 投诉 · 建议 (issue 14): questions, complaints and suggestions from a guide page, a case page, the portal or the
12345 hotline, routed to a department (or a case's handler), answered within a working-day limit, rated by the
person, escalated to supervisors when they are about a case or a member of staff, and published as an item's public
Q&A once moderated (docs/enquiries.md)."""
