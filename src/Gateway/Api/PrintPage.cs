using System.Text.Encodings.Web;

namespace Changdu.Gateway.Api;

/// <summary>The printable HTML pages the programme posts or hands out (cards, leave rosters, bulletins): one look, print-ready.</summary>
public static class PrintPage
{
    public static IResult Render(string title, string styles, string body, int statusCode = StatusCodes.Status200OK) => Results.Content($$"""
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{HtmlEncoder.Default.Encode(title)}}</title>
        <style>
          body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 1.5rem; color: #1b1f24; }
          @media print { body { margin: 0; } }
        {{styles}}
        </style></head>
        <body>{{body}}</body></html>
        """, "text/html; charset=utf-8", statusCode: statusCode);
}
