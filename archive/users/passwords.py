"""The password rule: at least 12 characters and not easy to guess, as judged by zxcvbn
(Dropbox's estimator: dictionaries of common passwords, names and words, keyboard patterns,
repeats, sequences, dates). The message says why, in Vietnamese and English."""

from __future__ import annotations

import threading
from typing import Any, Final

from zxcvbn import zxcvbn  # type: ignore[import-untyped,unused-ignore]

from archive.errors import InvalidInput

__all__ = ["MAX_PASSWORD_CHARS", "MIN_PASSWORD_CHARS", "MIN_PASSWORD_SCORE", "check_password"]

MIN_PASSWORD_CHARS: Final = 12
MAX_PASSWORD_CHARS: Final = 1024
MIN_PASSWORD_SCORE: Final = 3
"""zxcvbn's score 0–4; 3 means about 10⁸ guesses or more ("safely unguessable" online)."""
_CHECKED_CHARS: Final = 72  # zxcvbn's own limit; a long password is judged on its start
# zxcvbn keeps the user inputs of the current call in a module-level dictionary.
_lock = threading.Lock()

_VI: Final = {
    "Straight rows of keys": "các phím liền hàng trên bàn phím rất dễ đoán",
    "Short keyboard patterns": "mẫu bàn phím ngắn rất dễ đoán",
    'Repeats like "aaa"': 'lặp ký tự như "aaa" rất dễ đoán',
    'Repeats like "abcabcabc"': 'lặp chuỗi như "abcabcabc" chỉ khó đoán hơn một chút',
    'Sequences like "abc"': 'dãy như "abc" hay "6543" rất dễ đoán',
    "Recent years": "năm gần đây rất dễ đoán",
    "Dates are often": "ngày tháng thường dễ đoán",
    "This is a top-10": "đây là một trong 10 mật khẩu phổ biến nhất",
    "This is a top-100": "đây là một trong 100 mật khẩu phổ biến nhất",
    "This is a very common": "đây là mật khẩu rất phổ biến",
    "This is similar to": "mật khẩu này giống một mật khẩu phổ biến",
    "A word by itself": "một từ đứng riêng rất dễ đoán",
    "Names and surnames": "tên hoặc họ đứng riêng rất dễ đoán",
    "Common names and surnames": "họ tên phổ biến rất dễ đoán",
}


def _reason(feedback: dict[str, Any]) -> tuple[str, str]:
    warning = str(feedback.get("warning") or "")
    for prefix, vi in _VI.items():
        if warning.startswith(prefix):
            return vi, warning.rstrip(".")
    return "dùng vài từ ít gặp ghép lại", "use a few uncommon words together"


def check_password(password: str, user_inputs: tuple[str, ...] = ()) -> None:
    """Refuse a password shorter than 12 characters, longer than 1024, or one zxcvbn scores
    below 3 (``user_inputs``: words that make it easier to guess, e.g. the user name)."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise InvalidInput(
            f"mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự / "
            f"the password needs at least {MIN_PASSWORD_CHARS} characters"
        )
    if len(password) > MAX_PASSWORD_CHARS:
        raise InvalidInput(
            f"mật khẩu dài quá {MAX_PASSWORD_CHARS} ký tự / "
            f"the password is longer than {MAX_PASSWORD_CHARS} characters"
        )
    with _lock:
        result = zxcvbn(password[:_CHECKED_CHARS], user_inputs=list(user_inputs))
    score = int(result["score"])
    if score < MIN_PASSWORD_SCORE:
        vi, en = _reason(result.get("feedback") or {})
        raise InvalidInput(
            f"mật khẩu quá dễ đoán (điểm {score}/4, cần ít nhất {MIN_PASSWORD_SCORE}): {vi} / "
            f"the password is too easy to guess (score {score}/4, needs {MIN_PASSWORD_SCORE}): "
            f"{en}"
        )
