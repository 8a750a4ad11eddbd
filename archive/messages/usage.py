"""Usage errors of the ``archive`` command: a misspelt option or command, a value missing or
of the wrong kind (``cli/usage.py``). Exit code 2, in either language."""

from __future__ import annotations

from typing import Final

__all__ = ["MESSAGES"]

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "usage": ("Cách dùng:", "Usage:"),
    "options": ("[TÙY_CHỌN]", "[OPTIONS]"),
    "command": ("LỆNH", "COMMAND"),
    "args": ("[THAM_SỐ]...", "[ARGS]..."),
    "try_help": ("Xem '{command} {help}' để biết cách dùng.", "Try '{command} {help}' for help."),
    "aborted": ("Đã hủy.", "Aborted."),
    "no_such_option": ("Không có tùy chọn {name}.", "No such option: {name}."),
    "possible": ("Có thể ý bạn là: {options}.", "Possible options: {options}."),
    "no_such_command": ("Không có lệnh '{name}'.", "No such command '{name}'."),
    "did_you_mean": ("Có thể ý bạn là: {matches}.", "Did you mean {matches}?"),
    "extra": ("Thừa tham số: {args}.", "Got unexpected extra argument(s): {args}."),
    "missing_command": ("Thiếu lệnh con.", "Missing command."),
    "needs": (
        "Tùy chọn '{name}' cần {count} giá trị.",
        "Option '{name}' requires {count} value(s).",
    ),
    "no_value": (
        "Tùy chọn '{name}' không nhận giá trị.",
        "Option '{name}' does not take a value.",
    ),
    "missing_option": ("Thiếu tùy chọn {name}.", "Missing option {name}."),
    "missing_argument": ("Thiếu tham số {name}.", "Missing argument {name}."),
    "bad_value": (
        "Giá trị không hợp lệ cho {name}: {problem}",
        "Invalid value for {name}: {problem}",
    ),
    "not_integer": ("{value} không phải số nguyên.", "{value} is not a whole number."),
    "not_number": ("{value} không phải số.", "{value} is not a number."),
    "not_boolean": ("{value} không phải có/không.", "{value} is not yes/no."),
    "at_least": ("cần lớn hơn hoặc bằng {limit}.", "must be at least {limit}."),
    "more_than": ("cần lớn hơn {limit}.", "must be more than {limit}."),
    "at_most": ("cần nhỏ hơn hoặc bằng {limit}.", "must be at most {limit}."),
    "less_than": ("cần nhỏ hơn {limit}.", "must be less than {limit}."),
    "one_of": ("{value} không phải một trong: {limit}.", "{value} is not one of: {limit}."),
    "file": ("Tệp", "File"),
    "directory": ("Thư mục", "Directory"),
    "path": ("Đường dẫn", "Path"),
    "path_does_not_exist": ("{kind} {path} không tồn tại.", "{kind} {path} does not exist."),
    "path_a_file": ("{kind} {path} là một tệp.", "{kind} {path} is a file."),
    "path_a_directory": ("{kind} {path} là một thư mục.", "{kind} {path} is a directory."),
    "path_not_readable": ("{kind} {path} không đọc được.", "{kind} {path} is not readable."),
    "path_not_writable": ("{kind} {path} không ghi được.", "{kind} {path} is not writable."),
    "other": ("Lệnh không đúng cách dùng: {message}", "{message}"),
    "arguments_panel": ("Tham số", "Arguments"),
    "options_panel": ("Tùy chọn", "Options"),
    "commands_panel": ("Lệnh", "Commands"),
    "default": ("[mặc định: {{}}]", "[default: {{}}]"),
    "env_var": ("[biến môi trường: {{}}]", "[env var: {{}}]"),
    "required": ("[bắt buộc]", "[required]"),
    "deprecated": ("(không còn dùng) ", "(deprecated) "),
    "show_help": ("In hướng dẫn này rồi thoát.", "Show this message and exit."),
    # The arguments of the commands, by their names in the code, as the help shows them.
    "argument.paths": ("GÓI", "PACKAGE"),
    "argument.code": ("MÃ", "CODE"),
    "argument.doc_code": ("MÃ_TÀI_LIỆU", "DOC_CODE"),
    "argument.target": ("ĐỐI_TƯỢNG", "TARGET"),
    "argument.folder": ("THƯ_MỤC", "FOLDER"),
    "argument.text": ("TỪ_KHÓA", "QUERY"),
    "argument.csv_file": ("TỆP_CSV", "CSV_FILE"),
    "argument.hold_id": ("SỐ_PHONG_TỎA", "HOLD_ID"),
    "argument.file": ("TỆP", "FILE"),
    "argument.name": ("TÊN", "NAME"),
    "argument.token_id": ("SỐ_MÃ", "TOKEN_ID"),
    "type_str": ("chữ", "text"),
    "type_int": ("số nguyên", "integer"),
    "type_float": ("số", "number"),
    "type_path": ("đường dẫn", "path"),
    "type_file": ("tệp", "file"),
    "type_dir": ("thư mục", "folder"),
    "type_datetime": ("thời điểm", "time"),
    "type_range": ("trong khoảng", "in range"),
}
"""Key → (Vietnamese, English)."""
