"""Who is who: name changes and one person posting under several names (placeholder)."""
