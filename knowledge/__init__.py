"""The curated knowledge base: YAML files, their loader and validator, and the matcher.

Knows nothing of Telegram: handlers ask it, it never calls them.
"""

from knowledge.decision import Candidate, Decision, Outcome, Thresholds
from knowledge.loader import DEFAULT_DIR, KnowledgeError, load
from knowledge.matcher import Matcher
from knowledge.model import EVENT_CATEGORIES, Entry, EventSpec, KnowledgeBase, Messages
from knowledge.text import detect_language

__all__ = [
    "DEFAULT_DIR",
    "EVENT_CATEGORIES",
    "Candidate",
    "Decision",
    "Entry",
    "EventSpec",
    "KnowledgeBase",
    "KnowledgeError",
    "Matcher",
    "Messages",
    "Outcome",
    "Thresholds",
    "detect_language",
    "load",
]
