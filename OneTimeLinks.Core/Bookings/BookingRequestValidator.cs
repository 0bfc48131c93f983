using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Bookings;

public static class BookingRequestValidator
{
    public const int MaxPhoneLength = 40;
    public const int MaxMessageLength = 2000;

    public static ValidBookingRequest? Validate(BookingRequest? request, FieldErrors errors)
    {
        if (request is null)
        {
            errors.Add("", "A body is required.");
            return null;
        }

        var start = InputRules.ParseInstant(request.Start, "start", errors);
        var name = InputRules.RequiredText(request.Name, InputRules.MaxNameLength, "name", errors);
        var email = InputRules.RequiredEmail(request.Email, "email", errors);
        var phone = InputRules.OptionalText(request.Phone, MaxPhoneLength, "phone", errors);
        if (phone is not null && !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or '(' or ')' or ' ' or '.' or '/'))
        {
            errors.Add("phone", "May contain only digits, spaces and + - ( ) . /");
        }

        var message = InputRules.OptionalText(request.Message, MaxMessageLength, "message", errors);
        return errors.IsEmpty ? new ValidBookingRequest(start!.Value, name!, email!, phone, message) { Utm = request.Utm, DurationMinutes = request.DurationMinutes } : null;
    }
}
