package org.onboarding.mdm.windows.management;

import org.onboarding.mdm.windows.soap.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of a device's OMA-DM SyncML message (DM 1.2, plain XML) that the session needs. */
record SyncMessage(String sessionId, String msgId, String source, List<Command> commands,
                   Map<String, String> devInfo, boolean sessionStart) {

    static final String NS = "SYNCML:SYNCML1.2";
    static final int MAX_COMMANDS = 500;

    /** A command to acknowledge: its CmdID and element name (Alert, Replace, Results...). */
    record Command(String cmdId, String name) {
    }

    static final class InvalidMessageException extends Exception {
        InvalidMessageException(String message) {
            super(message, null, false, false);
        }
    }

    static SyncMessage parse(byte[] body, int maxBytes) throws InvalidMessageException {
        if (body != null && body.length > maxBytes) {
            throw new InvalidMessageException("message larger than " + maxBytes + " bytes");
        }
        Document document;
        try {
            document = SafeXml.parse(body);
        } catch (SafeXml.InvalidXmlException e) {
            throw new InvalidMessageException(e.getMessage());
        }
        Element root = document.getDocumentElement();
        // Windows writes the namespace as SYNCML:SYNCML1.2; compare without case, as other clients vary
        if (!"SyncML".equals(root.getLocalName()) || root.getNamespaceURI() == null
                || !NS.equalsIgnoreCase(root.getNamespaceURI())) {
            throw new InvalidMessageException("not a SyncML 1.2 message");
        }
        String ns = root.getNamespaceURI();
        Element header = SafeXml.child(root, ns, "SyncHdr");
        Element body2 = SafeXml.child(root, ns, "SyncBody");
        String sessionId = SafeXml.text(SafeXml.child(header, ns, "SessionID"));
        String msgId = SafeXml.text(SafeXml.child(header, ns, "MsgID"));
        if (header == null || body2 == null || sessionId == null || msgId == null
                || sessionId.length() > 64 || msgId.length() > 64) {
            throw new InvalidMessageException("SyncHdr with SessionID and MsgID, and SyncBody, are required");
        }
        String source = SafeXml.text(SafeXml.child(SafeXml.child(header, ns, "Source"), ns, "LocURI"));
        List<Command> commands = new ArrayList<>();
        Map<String, String> devInfo = new LinkedHashMap<>();
        boolean sessionStart = false;
        for (Element command : SafeXml.children(body2, ns, null)) {
            String name = command.getLocalName();
            if ("Final".equals(name) || "Status".equals(name)) {
                continue;
            }
            if (commands.size() >= MAX_COMMANDS) {
                throw new InvalidMessageException("too many commands");
            }
            String cmdId = SafeXml.text(SafeXml.child(command, ns, "CmdID"));
            commands.add(new Command(cmdId == null ? "0" : cmdId, name));
            if ("Alert".equals(name)) {
                String code = SafeXml.text(SafeXml.child(command, ns, "Data"));
                sessionStart |= "1201".equals(code) || "1200".equals(code);
            }
            if ("Replace".equals(name) || "Results".equals(name)) {
                for (Element item : SafeXml.children(command, ns, "Item")) {
                    String uri = SafeXml.text(SafeXml.child(SafeXml.child(item, ns, "Source"), ns, "LocURI"));
                    String data = SafeXml.text(SafeXml.child(item, ns, "Data"));
                    if (uri != null && uri.startsWith("./DevInfo/") && data != null && uri.length() <= 128
                            && data.length() <= 1024) {
                        devInfo.put(uri.substring("./DevInfo/".length()), data);
                    }
                }
            }
        }
        return new SyncMessage(sessionId, msgId, source, commands, devInfo, sessionStart);
    }
}
