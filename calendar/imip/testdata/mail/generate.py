#!/usr/bin/python3
# Writes the *.eml files of this folder (except no-calendar.eml, which is
# plain text by hand) from the texts below and the .ics files beside them:
# the headers, texts and MIME structure are written out here by hand, after
# messages Gmail, Outlook, Thunderbird, Twoway and a webmail send; only the
# base64 and quoted-printable encodings are computed. Run it from this
# folder: python3 generate.py
import base64, email.header, os
OUT = os.path.dirname(os.path.abspath(__file__))
def cal(name): return open(os.path.join(OUT, name), 'rb').read()
def b64(data, width=76):
    s = base64.b64encode(data).decode()
    return '\n'.join(s[i:i+width] for i in range(0, len(s), width))
def qp(text):
    # RFC 2045 quoted-printable of the UTF-8 bytes; hard line breaks for the
    # line ends, soft breaks ("=" at the end) keep lines within 76 characters.
    out = []
    for line in text.replace('\r\n', '\n').rstrip('\n').split('\n'):
        toks = []
        b = line.encode('utf-8')
        for i, c in enumerate(b):
            last = i == len(b) - 1
            if c == 61 or c > 126 or (c < 32 and c != 9) or (last and c in (32, 9)):
                toks.append('=%02X' % c)
            else:
                toks.append(chr(c))
        cur = ''
        for t in toks:
            if len(cur) + len(t) > 75:
                out.append(cur + '=')
                cur = ''
            cur += t
        out.append(cur)
    # A final line end belongs to the data, the next one to the boundary.
    return '\n'.join(out) + ('\n' if text.endswith('\n') else '')
def hb(s, name='Subject'):  # RFC 2047 B, folded
    return email.header.Header(s, 'utf-8', header_name=name).encode(linesep='\n')
def write(name, text):
    open(os.path.join(OUT, name), 'w', encoding='utf-8', newline='\n').write(text)

# --- Gmail: Ayşe accepts with Gmail's RSVP buttons -----------------------
g_text = """Ayşe Yılmaz has accepted this invitation.

Mentoring Jürgen ↔ Ayşe – weekly call
Weekly from 18:00 to 19:00 on Monday
Central European Time - Berlin

Join: https://meet.example.org/twoway-jurgen-ayse

Organizer
Jürgen Müller
juergen@example.org

Guests
Jürgen Müller - organizer
Ayşe Yılmaz

View all guest info https://calendar.google.example/calendar/event?action=VIEW&eid=dHdvd2F5

Invitation from Google Calendar: https://calendar.google.example/calendar/

You are receiving this email because you are subscribed to calendar notifications. To stop receiving these emails, go to https://calendar.google.example/calendar/r/settings, select this calendar, and change "Other notifications".
"""
g_html = """<span itemscope itemtype="http://schema.org/InformAction"><span style="display:none" itemprop="about" itemscope itemtype="http://schema.org/Person"><meta itemprop="description" content="Ayşe Yılmaz accepted"/></span></span><div style=""><table cellspacing="0" cellpadding="8" border="0" summary="" style="width:100%;font-family:Arial,Sans-serif;border:1px Solid #ccc;border-width:1px 2px 2px 1px;background-color:#fff;"><tr><td><div style="padding:2px"><span style="font-weight:bold;">Ayşe Yılmaz</span> has accepted this invitation.</div><h3 style="padding:0 0 6px 0;margin:0;font-family:Arial,Sans-Serif;font-size:16px;font-weight:bold;color:#222"><span itemprop="name">Mentoring Jürgen ↔ Ayşe – weekly call</span></h3><p>Weekly from 18:00 to 19:00 on Monday (Central European Time - Berlin)</p><p><a href="https://meet.example.org/twoway-jurgen-ayse">Join</a></p></td></tr></table></div>
"""
write('gmail-reply.eml', f"""MIME-Version: 1.0
Date: Mon, 05 Jan 2026 10:15:42 +0000
Reply-To: {hb('Ayşe Yılmaz')} <ayse@example.net>
Sender: Google Calendar <calendar-notification@google.example>
Message-ID: <calendar-6f0d3c1e-8b2a-4e57-9d10-2c4b6a8e0f13@google.example>
Subject: {hb('Accepted: Mentoring Jürgen ↔ Ayşe – weekly call @ Weekly from 18:00 to 19:00 on Monday (CET) (juergen@example.org)')}
From: {hb('Ayşe Yılmaz')} <ayse@example.net>
To: juergen@example.org
Content-Type: multipart/alternative; boundary="000000000000e1f2a3b4c5d6e7f8"

--000000000000e1f2a3b4c5d6e7f8
Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes
Content-Transfer-Encoding: base64

{b64(g_text.encode())}
--000000000000e1f2a3b4c5d6e7f8
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(g_html)}
--000000000000e1f2a3b4c5d6e7f8
Content-Type: text/calendar; charset="UTF-8"; method=REPLY
Content-Transfer-Encoding: base64

{b64(cal('gmail-reply.ics'))}
--000000000000e1f2a3b4c5d6e7f8--
""")

# --- Outlook: Ben proposes a new time ------------------------------------
o_text = """Neuer Zeitvorschlag:
Mittwoch, 14. Januar 2026 19:00-20:00 (UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien

Montags um 18 Uhr schaffe ich es nicht mehr rechtzeitig aus dem Büro – ginge Mittwoch 19 Uhr?

Ursprünglich:
Montag, 12. Januar 2026 18:00-19:00 (UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien
"""
o_html = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><p>Neuer Zeitvorschlag: Mittwoch, 14. Januar 2026 19:00-20:00</p><p>Montags um 18 Uhr schaffe ich es nicht mehr rechtzeitig aus dem Büro – ginge Mittwoch 19 Uhr?</p></body></html>
"""
ob = "_000_AM0PR07MB6193C1D2E3F4A5B6C7D8E9F0A1B2C3D4AM0PR07MB6193eurp_"
write('outlook-counter.eml', f"""From: Ben Carter <ben.carter@contoso.example>
To: {hb('Jürgen Müller')} <juergen@example.org>
Subject: {hb('Neuer Zeitvorschlag: Mentoring Jürgen ↔ Ben')}
Thread-Topic: {hb('Mentoring Jürgen ↔ Ben')}
Thread-Index: AQHcgHk3x0bW9n2JQUeXbQ1n2Yz4Ag==
Date: Thu, 8 Jan 2026 15:42:10 +0000
Message-ID: <AM0PR07MB6193C1D2E3F4A5B6C7D8E9F0A1B2C3D4@AM0PR07MB6193.eurprd07.prod.outlook.example>
Accept-Language: de-DE, en-US
Content-Language: de-DE
X-MS-Has-Attach:
X-MS-TNEF-Correlator:
Content-Type: multipart/alternative;
	boundary="{ob}"
MIME-Version: 1.0

--{ob}
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{b64(o_text.encode())}

--{ob}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{b64(o_html.encode())}

--{ob}
Content-Type: text/calendar; charset="utf-8"; method=COUNTER
Content-Transfer-Encoding: quoted-printable

{qp(cal('outlook-counter.ics').decode())}
--{ob}--
""")

# --- Thunderbird: Ayşe declines one instance -----------------------------
t_cal = cal('thunderbird-reply.ics').decode().replace('\r\n', '\n')
write('thunderbird-reply.eml', f"""Content-Type: multipart/mixed; boundary="------------2sXq0lDvZ9aQ8f3Yb1cN4hJ"
Message-ID: <4a8f2c1e-7b3d-4e9a-b5c6-d7e8f9a0b1c2@example.net>
Date: Fri, 9 Jan 2026 23:15:00 +0300
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: tr
To: juergen@example.org
From: {hb('Ayşe Yılmaz')} <ayse@example.net>
Subject: {hb('Reddedildi: Mentoring Jürgen ↔ Ayşe – weekly call')}

This is a multi-part message in MIME format.
--------------2sXq0lDvZ9aQ8f3Yb1cN4hJ
Content-Type: multipart/alternative;
 boundary="------------Wd8mR4nT6yU1iO3pA5sD7fG"

--------------Wd8mR4nT6yU1iO3pA5sD7fG
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

Ayşe Yılmaz bu davete katılmayacak.
Bayram ziyareti – bu hafta olmuyor, üzgünüm!

--------------Wd8mR4nT6yU1iO3pA5sD7fG
Content-Type: text/calendar; method=REPLY; charset=UTF-8
Content-Transfer-Encoding: 8bit

{t_cal}
--------------Wd8mR4nT6yU1iO3pA5sD7fG--
--------------2sXq0lDvZ9aQ8f3Yb1cN4hJ
Content-Type: application/ics; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"
Content-Transfer-Encoding: base64

{b64(cal('thunderbird-reply.ics'), 72)}

--------------2sXq0lDvZ9aQ8f3Yb1cN4hJ--
""")

# --- Twoway: Sofía publishes the series as a file by mail ----------------
p_text = """Sofía Herrera shares the mentoring series with you.

Mentoria Sofía ↔ João – a cada duas semanas
Thursdays 09:00-09:45 (São Paulo), every two weeks, 12 sessions
Join: https://meet.example.org/twoway-sofia-joao

Open the attached invite.ics in Twoway to join.
"""
write('publish.eml', f"""Mime-Version: 1.0
From: {hb('Sofía Herrera')} <sofia@example.com>
To: {hb('João Silva')} <joao@example.com.br>
Subject: {hb('Mentoria Sofía ↔ João – a cada duas semanas')}
Date: Sat, 10 Jan 2026 09:00:00 -0300
Message-Id: <20260110120000.twoway.7c1d@example.com>
Content-Type: multipart/mixed; boundary=5f2e1d0c9b8a7f6e5d4c3b2a19081726

--5f2e1d0c9b8a7f6e5d4c3b2a19081726
Content-Type: multipart/alternative; boundary=0a1b2c3d4e5f60718293a4b5c6d7e8f9

--0a1b2c3d4e5f60718293a4b5c6d7e8f9
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

{qp(p_text)}
--0a1b2c3d4e5f60718293a4b5c6d7e8f9
Content-Transfer-Encoding: base64
Content-Type: text/calendar; charset=utf-8; method=PUBLISH

{b64(cal('publish.ics'))}
--0a1b2c3d4e5f60718293a4b5c6d7e8f9--

--5f2e1d0c9b8a7f6e5d4c3b2a19081726
Content-Disposition: attachment; filename=invite.ics
Content-Transfer-Encoding: base64
Content-Type: application/ics; name=invite.ics

{b64(cal('publish.ics'))}
--5f2e1d0c9b8a7f6e5d4c3b2a19081726--
""")

# --- Gmail invitation (REQUEST): not for Fetch ----------------------------
r_text = """Mia Schmidt has invited you to an event.

Buchrunde
Tuesday 20 Jan 2026 15:00 – 15:30 (UTC)

Reply for juergen@example.org: Yes / No / Maybe
"""
write('request.eml', f"""MIME-Version: 1.0
Date: Sat, 10 Jan 2026 08:00:00 +0000
Message-ID: <calendar-1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081@google.example>
Subject: Invitation: Buchrunde @ Tue 20 Jan 2026 15:00 - 15:30 (UTC) (juergen@example.org)
From: Mia Schmidt <mia.schmidt@gmail.example>
To: juergen@example.org
Content-Type: multipart/mixed; boundary="0000000000007a8b9c0d1e2f3a4b"

--0000000000007a8b9c0d1e2f3a4b
Content-Type: multipart/alternative; boundary="0000000000007a8b9c0d1e2f3a4c"

--0000000000007a8b9c0d1e2f3a4c
Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes
Content-Transfer-Encoding: base64

{b64(r_text.encode())}
--0000000000007a8b9c0d1e2f3a4c
Content-Type: text/calendar; charset="UTF-8"; method=REQUEST
Content-Transfer-Encoding: 7bit

{cal('request.ics').decode().replace(chr(13)+chr(10), chr(10))}
--0000000000007a8b9c0d1e2f3a4c--

--0000000000007a8b9c0d1e2f3a4b
Content-Type: application/ics; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"
Content-Transfer-Encoding: base64

{b64(cal('request.ics'))}
--0000000000007a8b9c0d1e2f3a4b--
""")

# --- Webmail: João forwards the exported series as a plain attachment ----
f_text = """Oi Sofía,

segue o arquivo que o Twoway exportou, caso o convite não tenha chegado.

Abraço,
João
"""
write('webmail-attachment.eml', f"""MIME-Version: 1.0
From: =?UTF-8?Q?Jo=C3=A3o_Silva?= <joao@example.com.br>
To: sofia@example.com
Subject: Fwd: =?UTF-8?Q?Mentoria_Sof=C3=ADa_=E2=86=94_Jo=C3=A3o?=
Date: Sun, 11 Jan 2026 14:05:33 -0300
Message-ID: <1736615133.812345.webmail@mx.example.com.br>
Content-Type: multipart/mixed; boundary="----=_Part_417_1094829316.1736615133"

------=_Part_417_1094829316.1736615133
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

{qp(f_text)}
------=_Part_417_1094829316.1736615133
Content-Type: application/octet-stream; name="Mentoria Sofia e Joao.ics"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="Mentoria Sofia e Joao.ics"

{b64(cal('publish.ics'))}
------=_Part_417_1094829316.1736615133--
""")

# --- A list mail that quotes METHOD:REPLY and attaches a sample REQUEST ---
m_text = """Hi all,

when an attendee answers, the text/calendar part says METHOD:REPLY and
carries one ATTENDEE with PARTSTAT; a counter-proposal says METHOD:COUNTER.
Some clients also attach the same object as invite.ics.

Attached is the invitation those answers refer to (METHOD:REQUEST), for
anyone who wants to try it. This mail answers nothing itself.

-- 
ical-dev mailing list
"""
write('mentions-method.eml', f"""MIME-Version: 1.0
Date: Wed, 7 Jan 2026 08:30:00 +0000
Message-ID: <b7e1c2d3-a4f5-4607-8899-aabbccddeeff@lists.example.org>
Subject: [ical-dev] Which part carries the answer?
From: Dev List <ical-dev@lists.example.org>
To: juergen@example.org
Content-Type: multipart/mixed; boundary="=-=-=ical-dev-2026-01-07=-=-="

--=-=-=ical-dev-2026-01-07=-=-=
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

{m_text}
--=-=-=ical-dev-2026-01-07=-=-=
Content-Type: text/calendar; charset=utf-8; method=REQUEST; name="sample.ics"
Content-Disposition: attachment; filename="sample.ics"
Content-Transfer-Encoding: base64

{b64(cal('request.ics'))}
--=-=-=ical-dev-2026-01-07=-=-=--
""")
