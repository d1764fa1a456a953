package org.onboarding.mdm.windows.enrollment;

import org.onboarding.mdm.api.JsonCustomizer;
import org.onboarding.mdm.organization.WinAuthPolicy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.onboarding.mdm.windows.soap.SafeXml.escape;

/** The HTML a person sees: the enrollment link's instructions and the Federated sign-in page. Every value escaped. */
final class EnrollmentPages {

    private static final String STYLE = "body{font-family:Segoe UI,system-ui,sans-serif;max-width:40em;margin:2em auto;"
            + "padding:0 1em;line-height:1.5}code,kbd{font-size:1.1em;background:#eee;padding:.1em .3em}"
            + "a.button,button{display:inline-block;background:#0067b8;color:#fff;padding:.6em 1.2em;border:0;"
            + "text-decoration:none;font-size:1em}label{display:block;margin-top:1em}input{font-size:1.1em;width:100%}"
            + ".error{color:#a80000}";

    private EnrollmentPages() {
    }

    static String enrollmentLink(WindowsEnrollmentService.LinkDetails link) {
        String deepLink = "ms-device-enrollment:?mode=mdm&username=" + encode(link.email())
                + "&servername=" + encode(link.discoveryUrl()) + "&accesstoken=" + encode(link.code());
        String credentialStep = link.authPolicy() == WinAuthPolicy.Federated
                ? "<li>A sign-in page opens: check your e-mail address and type the enrollment code <kbd>"
                + escape(link.code()) + "</kbd>.</li>"
                : "<li>When Windows asks for a password, type the enrollment code <kbd>" + escape(link.code())
                + "</kbd>.</li>";
        return page("Enroll your Windows device",
                "<h1>Enroll your Windows device</h1>"
                        + "<p>This enrollment is for <strong>" + escape(link.email()) + "</strong> and is valid until "
                        + escape(JsonCustomizer.TIMESTAMP.format(link.expireAt())) + ". The code works once.</p>"
                        + "<p><a class=\"button\" href=\"" + escape(deepLink) + "\">Enroll this device</a></p>"
                        + "<p>Open this page on the Windows 10 or 11 device to enroll (in Microsoft Edge the button "
                        + "opens the enrollment directly). Then:</p><ol>"
                        + "<li>Windows shows <em>Set up a work or school account</em> with your e-mail address filled "
                        + "in; confirm it.</li>" + credentialStep
                        + "<li>Windows downloads its settings; the device then appears under <em>Settings › Accounts › "
                        + "Access work or school</em>.</li></ol>"
                        + "<h2>Without the button</h2><ol>"
                        + "<li>Open <em>Settings › Accounts › Access work or school</em> and choose <em>Enroll only in "
                        + "device management</em>.</li>"
                        + "<li>E-mail address: <code>" + escape(link.email()) + "</code>.</li>"
                        + "<li>If Windows asks for a server address, enter <code>" + escape(link.discoveryUrl())
                        + "</code>.</li>" + credentialStep + "</ol>");
    }

    static String invalidLink() {
        return page("Enrollment link not valid", "<h1>This enrollment link is not valid</h1>"
                + "<p>It has expired, was already used, or was revoked. Ask your administrator for a new one.</p>");
    }

    static String signIn(String appru, String email, String error) {
        return page("Sign in to enroll",
                "<h1>Enroll this device</h1><p>Type the enrollment code you received by e-mail.</p>"
                        + (error == null ? "" : "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>")
                        + "<form method=\"post\" action=\"" + EnrollmentUrls.AUTHENTICATION + "\">"
                        + "<input type=\"hidden\" name=\"appru\" value=\"" + escape(appru) + "\">"
                        + "<label for=\"email\">E-mail address</label>"
                        + "<input id=\"email\" name=\"email\" type=\"email\" required value=\"" + escape(email) + "\">"
                        + "<label for=\"code\">Enrollment code</label>"
                        + "<input id=\"code\" name=\"code\" required autocomplete=\"one-time-code\" "
                        + "autocapitalize=\"characters\" autofocus>"
                        + "<p><button type=\"submit\">Continue</button></p></form>");
    }

    /** Hands the wresult to Windows: a form posted to the appru (ms-app://...) at once. */
    static String signedIn(String appru, String wresult, String nonce) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Working...</title>"
                + "<script nonce=\"" + nonce + "\">window.onload=function(){document.forms[0].submit();};</script>"
                + "</head><body><form method=\"post\" action=\"" + escape(appru) + "\">"
                + "<p><input type=\"hidden\" name=\"wresult\" value=\"" + escape(wresult) + "\"></p>"
                + "<input type=\"submit\" value=\"Continue\"></form></body></html>";
    }

    static String badRequest(String message) {
        return page("Enrollment", "<h1>Enrollment</h1><p class=\"error\">" + escape(message) + "</p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head><body>" + body + "</body></html>";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
