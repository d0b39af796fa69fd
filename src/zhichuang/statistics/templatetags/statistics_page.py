from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def statistics_section(context, shown):
    """A section's template, rendered with the section's context on top of the page's: {% include %} with a
    mapping, so a section's template reads its own names (stats, chart_data …) as a page of its own would."""
    section_template = context.template.engine.get_template(shown.section.template)
    with context.push(shown.context):
        return section_template.render(context)
