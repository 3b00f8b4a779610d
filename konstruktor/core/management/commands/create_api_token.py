"""konstruktor create_api_token USERNAME NAME — issue a personal API token.

The raw key is printed once; only its SHA-256 hash and an 8-character prefix are stored.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from konstruktor.core.models import ApiToken, hash_token


class Command(BaseCommand):
    help = "Создать персональный API-токен пользователя. Токен выводится один раз; в базе хранится только его хеш."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="логин пользователя, от имени которого работает токен")
        parser.add_argument("name", help="название токена, например «Выгрузка для отчёта»")

    def handle(self, *args: Any, **options: Any) -> None:
        username, name = options["username"], options["name"].strip()
        if not name:
            raise CommandError("Укажите название токена.")
        if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
            raise CommandError("Название токена длиннее 100 символов.")
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"Пользователь {username} не найден.") from exc
        if not user.is_active:
            raise CommandError(f"Пользователь {username} заблокирован: токен не будет работать.")
        raw = ApiToken.new_raw_key()
        ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:8])
        self.stderr.write(
            f"Токен «{name}» для {username} создан. Сохраните его сейчас: показать его ещё раз "
            "нельзя. Заголовок запроса: Authorization: Bearer <токен>"
        )
        self.stdout.write(raw)
