from ninja import NinjaAPI

api = NinjaAPI(title="zhichuang API", version="1", urls_namespace="api")
