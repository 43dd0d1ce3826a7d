"""Public pages and open data. Downloads sit beside the page they come from: a force's
table is its stop-and-search page's address plus /<table>.csv or .json."""

from django.urls import path, register_converter

from parity.public import (
    data_views,
    justice_views,
    map_views,
    national_views,
    participation_views,
    use_of_force_views,
    victims_views,
    views,
    workforce_views,
)


class FormatConverter:
    regex = "csv|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("forces/<slug:slug>", views.force, name="force"),
    path("forces/<slug:slug>/stop-and-search", views.stop_search, name="force-stop-search"),
    path(
        "forces/<slug:slug>/stop-and-search/what-was-searched-for",
        views.stop_search_objects,
        name="force-stop-search-objects",
    ),
    path("forces/<slug:slug>/stop-and-search/<slug:table>.<fmt:fmt>", data_views.force_table, name="force-table"),
    path("forces/<slug:slug>/stop-and-search/where", map_views.force_places, name="force-places"),
    path("forces/<slug:slug>/workforce", workforce_views.force, name="force-workforce"),
    path(
        "forces/<slug:slug>/workforce/<slug:table>.<fmt:fmt>", workforce_views.force_table, name="force-workforce-table"
    ),
    path("workforce", workforce_views.national, name="workforce"),
    path("workforce/all-forces.<fmt:fmt>", workforce_views.national_table, name="workforce-table"),
    path("stop-and-search", views.stop_search_index, name="stop-and-search"),
    path("use-of-force", use_of_force_views.national, name="use-of-force"),
    path("use-of-force/all-forces.<fmt:fmt>", data_views.use_of_force_all_forces, name="use-of-force-all-forces"),
    path("forces/<slug:slug>/use-of-force", use_of_force_views.force, name="force-use-of-force"),
    path(
        "forces/<slug:slug>/use-of-force/<slug:table>.<fmt:fmt>",
        data_views.use_of_force_table,
        name="force-use-of-force-table",
    ),
    path("england-and-wales", national_views.national, name="national"),
    path("england-and-wales/stop-and-search.<fmt:fmt>", national_views.national_table, name="national-table"),
    path("compare", views.compare, name="compare"),
    path("compare.<fmt:fmt>", data_views.compare_table, name="compare-table"),
    path("compare/map", map_views.compare_map, name="compare-map"),
    path("methodology", views.methodology_index, name="methodology"),
    path("methodology/<slug:slug>", views.methodology_page, name="methodology-page"),
    path("open-data", data_views.downloads_page, name="downloads"),
    path("open-data/data-dictionary", data_views.data_dictionary, name="data-dictionary"),
    path("open-data/forces.<fmt:fmt>", data_views.forces_table, name="forces-table"),
    path("open-data/all-forces-by-year.<fmt:fmt>", data_views.all_forces_table, name="all-forces-table"),
    path("arrests", justice_views.arrests_index, name="arrests"),
    path("arrests.<fmt:fmt>", justice_views.national_arrests_table, name="arrests-table"),
    path("forces/<slug:slug>/arrests", justice_views.force_arrests_page, name="force-arrests"),
    path(
        "forces/<slug:slug>/arrests/<slug:table>.<fmt:fmt>",
        justice_views.force_arrests_table,
        name="force-arrests-table",
    ),
    path("victims-and-complaints", victims_views.index, name="victims"),
    path("forces/<slug:slug>/victims-and-complaints", victims_views.force, name="force-victims"),
    path(
        "forces/<slug:slug>/victims-and-complaints/<slug:table>.<fmt:fmt>",
        victims_views.force_table,
        name="force-victims-table",
    ),
    # Beside the force's Take part page (/engagement/public/<force>/take-part), whose figures it holds.
    path(
        "engagement/public/<slug:slug>/take-part/<slug:table>.<fmt:fmt>",
        participation_views.take_part_table,
        name="take-part-table",
    ),
    path("accessibility", views.accessibility, name="accessibility"),
    path("cookies", views.cookies, name="cookies"),
]
