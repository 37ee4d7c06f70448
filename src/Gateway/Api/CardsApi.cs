using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Photos;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using QRCoder;

namespace Changdu.Gateway.Api;

public static class CardsApi
{
    public static IEndpointRouteBuilder MapCardsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("/cadres/{cadreId}/cards").WithTags("Cards");
        group.MapPost("/", IssueAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("IssueCard")
            .WithSummary("Issue an on-duty card to a cadre of the unit; a card the cadre still holds is revoked the same day (re-issue); 200 with the card already issued that day")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("ListCards")
            .WithSummary("The cadre's cards, valid and revoked")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{cardNumber}/revoke", RevokeAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("RevokeCard")
            .WithSummary("Revoke a card; its verification page then says it is not valid")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{cardNumber}/print", PrintAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("PrintCard")
            .WithSummary("The card as a printable HTML page with a QR code to its public verification page; ID number and phone masked")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        // Public: what the QR code opens. It shows only name, role, unit and validity.
        app.MapGet("/verify/{code}", VerifyPageAsync)
            .Public("Cards")
            .WithName("VerifyCardPage")
            .WithSummary("Public page behind a card's QR code: name, role, unit and whether the card is valid")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/cards/{code}", VerifyAsync)
            .Public("Cards")
            .WithName("VerifyCard")
            .WithSummary("Public: the same verification as JSON")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }


    static async Task<Results<Created<CardDto>, Ok<CardDto>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        RouteUnit unitId, string cadreId, CardRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!await OnRosterAsync(grains, unitId, cadreId))
        {
            return UnknownCadre(unitId, cadreId);
        }
        var errors = new Dictionary<string, string[]>();
        if (Fields.Date(body.IssuedOn, "issuedOn", errors) is not { } issuedOn)
        {
            return TypedResults.ValidationProblem(errors, title: "The card is not valid", type: Problems.TypeOf("invalid-card"));
        }
        var result = await audit.AuditedAsync(http, "issue-card", cadreId,
            () => grains.GetGrain<ICardHolder>(cadreId).IssueCardAsync(issuedOn), r => r.Outcome.ToString(), r => r.Outcome == CardOutcome.Issued, r => r.Card?.CardNumber);
        return result.Outcome switch
        {
            CardOutcome.Issued => TypedResults.Created($"/api/units/{unitId}/cadres/{cadreId}/cards/{result.Card!.CardNumber}/print", CardDto.From(result.Card, http)),
            CardOutcome.AlreadyIssued => TypedResults.Ok(CardDto.From(result.Card!, http)),
            var refused => Outcomes.Problem(refused, result.Detail),
        };
    }

    static async Task<Results<Ok<IReadOnlyList<CardDto>>, ProblemHttpResult>> ListAsync(RouteUnit unitId, string cadreId, IGrainFactory grains, HttpContext http) =>
        await OnRosterAsync(grains, unitId, cadreId) && await grains.GetGrain<ICardHolder>(cadreId).ListCardsAsync() is { } cards
            ? TypedResults.Ok<IReadOnlyList<CardDto>>(cards.Select(card => CardDto.From(card, http)).ToList())
            : UnknownCadre(unitId, cadreId);

    static async Task<Results<Ok<CardDto>, ValidationProblem, ProblemHttpResult>> RevokeAsync(
        RouteUnit unitId, string cadreId, string cardNumber, RevokeRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!await OnRosterAsync(grains, unitId, cadreId))
        {
            return UnknownCadre(unitId, cadreId);
        }
        var errors = new Dictionary<string, string[]>();
        if (Fields.Date(body.RevokedOn, "revokedOn", errors) is not { } revokedOn)
        {
            return TypedResults.ValidationProblem(errors, title: "The revocation is not valid", type: Problems.TypeOf("invalid-card"));
        }
        var result = await audit.AuditedAsync(http, "revoke-card", cardNumber,
            () => grains.GetGrain<ICardHolder>(cadreId).RevokeCardAsync(cardNumber, revokedOn), r => r.Outcome.ToString(), r => r.Outcome == CardOutcome.Revoked);
        return result.Card is { } card
            ? TypedResults.Ok(CardDto.From(card, http))
            : Outcomes.Problem(result.Outcome, result.Detail);
    }

    static async Task<IResult> PrintAsync(RouteUnit unitId, string cadreId, string cardNumber, IGrainFactory grains, PhotoStore photos, HttpContext http)
    {
        var cards = await OnRosterAsync(grains, unitId, cadreId) ? await grains.GetGrain<ICardHolder>(cadreId).ListCardsAsync() : null;
        if (cards?.FirstOrDefault(card => card.CardNumber == cardNumber) is not { } card
            || await grains.GetGrain<ICadreGrain>(cadreId).GetAsync(reveal: false) is not { } cadre
            || await grains.GetGrain<ICardHolder>(cadreId).VerifyCardAsync(card.VerificationCode) is not { } status)
        {
            return Outcomes.Problem(CardOutcome.UnknownCard, $"Cadre '{cadreId}' of unit {unitId} holds no card '{cardNumber}'.");
        }
        var html = HtmlEncoder.Default;
        var body = $"""
            <article class="card">
              <h1>驻村工作队员 · On-duty card</h1>
              {PhotoElement(await photos.FindAsync(cadreId, http.RequestAborted))}
              <p class="name">{html.Encode(cadre.Name)}</p>
              <dl>
                <dt>单位 Unit</dt><dd>{html.Encode(status.UnitName ?? "–")} ({html.Encode(WireNames.Of(status.Role))})</dd>
                <dt>派驻单位 Dispatched by</dt><dd>{html.Encode(cadre.DispatchingUnit)}</dd>
                <dt>政治面貌 Political status</dt><dd>{html.Encode(cadre.PoliticalStatus)}</dd>
                <dt>身份证号 ID number</dt><dd>{html.Encode(cadre.NationalIdNumber)}</dd>
                <dt>电话 Phone</dt><dd>{html.Encode(cadre.Phone)}</dd>
                <dt>证号 Card</dt><dd>{html.Encode(card.CardNumber)} · {card.IssuedOn:yyyy-MM-dd}{(card.Valid ? "" : " · 已注销 revoked")}</dd>
              </dl>
              <figure class="qr">{QrSvg(VerificationUrl(card, http))}</figure>
            </article>
            """;
        return PrintPage.Render($"{cadre.Name} · {card.CardNumber}", CardStyles, body);
    }

    static async Task<IResult> VerifyPageAsync(string code, IGrainFactory grains, PhotoStore photos, HttpContext http)
    {
        var holder = await HolderAsync(grains, code);
        var status = holder is null ? null : await grains.GetGrain<ICardHolder>(holder).VerifyCardAsync(code);
        var photo = status is null ? null : await photos.FindAsync(holder!, http.RequestAborted);
        var html = HtmlEncoder.Default;
        var body = status is null
            ? """<article class="card invalid"><h1>无此证件 · No such card</h1></article>"""
            : $"""
                <article class="card {(status.Valid ? "valid" : "invalid")}">
                  <h1>{(status.Valid ? "有效 · Valid" : "无效 · Not valid")}</h1>
                  {PhotoElement(photo)}
                  <p class="name">{html.Encode(status.Name)}</p>
                  <p>{html.Encode(status.UnitName ?? "–")} · {html.Encode(WireNames.Of(status.Role))}</p>
                  <p>{html.Encode(status.CardNumber)} · {status.IssuedOn:yyyy-MM-dd}</p>
                </article>
                """;
        return PrintPage.Render("Card verification", CardStyles, body, status is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
    }

    static async Task<Results<Ok<CardVerificationDto>, ProblemHttpResult>> VerifyAsync(string code, IGrainFactory grains) =>
        await VerificationOfAsync(grains, code) is { } status
            ? TypedResults.Ok(new CardVerificationDto(status.Name, status.Role, status.UnitId?.Value, status.UnitName, status.CardNumber, status.IssuedOn, status.Valid))
            : Outcomes.Problem(CardOutcome.UnknownCard, "No card has this verification code.");

    static async Task<CardVerification?> VerificationOfAsync(IGrainFactory grains, string code) =>
        await HolderAsync(grains, code) is { } holder ? await grains.GetGrain<ICardHolder>(holder).VerifyCardAsync(code) : null;

    static async Task<string?> HolderAsync(IGrainFactory grains, string code) =>
        code.Length is > 0 and <= 64 ? await grains.GetGrain<ICardCode>(code).HolderAsync() : null;

    /// <summary>The photo inline, so the card prints and the verification page shows without another request.</summary>
    static string PhotoElement(Photo? photo) => photo is null ? "" : $"""<img class="photo" alt="" src="{PhotoStore.DataUri(photo)}">""";

    static Task<bool> OnRosterAsync(IGrainFactory grains, RouteUnit unitId, string cadreId) => CadresApi.OnRosterAsync(grains, unitId, cadreId);

    static ProblemHttpResult UnknownCadre(RouteUnit unitId, string cadreId) => CadresApi.UnknownCadre(unitId, cadreId);

    public static string VerificationUrl(Card card, HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}/verify/{card.VerificationCode}";

    static string QrSvg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.Q);
        return new SvgQRCode(data).GetGraphic(4);
    }

    const string CardStyles = """
          .card { max-width: 26rem; border: 2px solid #b3261e; border-radius: 10px; padding: 1rem 1.25rem; }
          .card h1 { font-size: 1.1rem; color: #b3261e; margin: 0 0 .5rem; }
          .card.invalid h1 { color: #4a5563; }
          .name { font-size: 1.6rem; font-weight: 700; margin: .25rem 0 .75rem; }
          dl { display: grid; grid-template-columns: auto 1fr; gap: .25rem .75rem; margin: 0; }
          dt { color: #4a5563; } dd { margin: 0; }
          .qr svg { width: 9rem; height: 9rem; }
          .photo { float: right; width: 6rem; height: 7.4rem; object-fit: cover; border: 1px solid #888; margin-left: .75rem; }
          @media print { .card { break-inside: avoid; border-color: #000; } }
        """;
}

public sealed record CardRequest(DateOnly? IssuedOn);

public sealed record RevokeRequest(DateOnly? RevokedOn);

public sealed record CardDto(string CardNumber, DateOnly IssuedOn, DateOnly? RevokedOn, string Status, string VerificationUrl)
{
    public static CardDto From(Card card, HttpContext http) =>
        new(card.CardNumber, card.IssuedOn, card.RevokedOn, card.Valid ? "valid" : "revoked", CardsApi.VerificationUrl(card, http));
}

public sealed record CardVerificationDto(string Name, [property: JsonConverter(typeof(WireName<CadreRole>))] CadreRole Role, string? UnitId, string? UnitName, string CardNumber, DateOnly IssuedOn, bool Valid);
