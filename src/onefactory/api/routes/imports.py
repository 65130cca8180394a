"""File imports (placeholder until onboard lands)."""

from fastapi import APIRouter

router = APIRouter(tags=["imports"])
