"""The starting text of the two public notices, in English and Spanish. The office edits them
(complaints/notices/); until it does, these are shown. They are the notices' content, kept
here rather than in the translation catalog because the office owns and changes them.

Sources: OCR Vocational Education Guidelines §IV(O) (domain-rules.md 3.16: coordinators'
names, address and phone; "lack of English skills will not be a barrier"); 5 CCR 4622 (the
annual UCP notice, 7.1.10); 5 CCR 4630-4633 (deadlines and appeal, 7.1.3-7.1.8).
"""

from __future__ import annotations


def _paragraphs(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


NONDISCRIMINATION = {
    "en": (
        "Non-discrimination notice",
        _paragraphs(
            (
                "{program_name} offers its career technical education programs and activities "
                "without regard to race, color, ethnicity, national origin or nationality, "
                "ancestry, religion, sex, gender, gender identity or gender expression, sexual "
                "orientation, age, disability, language, or marital or parental status (Title VI "
                "and Title VII of the Civil Rights Act of 1964, Title IX of the Education "
                "Amendments of 1972, Section 504 of the Rehabilitation Act of 1973, the Age "
                "Discrimination Act, and California Education Code sections 200 and 220)."
            ),
            (
                "Lack of English language skills will not be a barrier to admission to or "
                "participation in any program. Students of every gender are encouraged to choose "
                "any course."
            ),
            (
                "Courses are open to high-school juniors and seniors (16 and older) and to adults"
                " who can benefit from them. See the course catalog for the courses offered and "
                "what each requires."
            ),
            (
                "Questions or complaints about discrimination, harassment, intimidation or "
                "bullying may be sent to:"
            ),
            ("Title IX coordinator: {title_ix_coordinator}"),
            ("Section 504 coordinator: {section_504_coordinator}"),
            ("Uniform complaint procedures: {ucp_coordinator}"),
            ("You can file a complaint online, anonymously if you wish: {complaint_form_url}"),
        ),
    ),
    "es": (
        "Aviso de no discriminación",
        _paragraphs(
            (
                "{program_name} ofrece sus programas y actividades de educación técnica "
                "profesional sin distinción de raza, color, etnia, origen nacional o "
                "nacionalidad, ascendencia, religión, sexo, género, identidad o expresión de "
                "género, orientación sexual, edad, discapacidad, idioma, o estado civil o "
                "parental (Títulos VI y VII de la Ley de Derechos Civiles de 1964, Título IX de "
                "las Enmiendas de Educación de 1972, Sección 504 de la Ley de Rehabilitación de "
                "1973, la Ley contra la Discriminación por Edad y las secciones 200 y 220 del "
                "Código de Educación de California)."
            ),
            (
                "La falta de dominio del inglés no será un obstáculo para la admisión ni para la "
                "participación en ningún programa. Animamos a estudiantes de todos los géneros a "
                "elegir cualquier curso."
            ),
            (
                "Los cursos están abiertos a estudiantes de los grados 11 y 12 (de 16 años o más)"
                " y a adultos que puedan beneficiarse de ellos. Consulte el catálogo de cursos "
                "para ver los cursos que se ofrecen y sus requisitos."
            ),
            (
                "Puede enviar preguntas o quejas sobre discriminación, acoso, intimidación u "
                "hostigamiento a:"
            ),
            ("Coordinador(a) del Título IX: {title_ix_coordinator}"),
            ("Coordinador(a) de la Sección 504: {section_504_coordinator}"),
            ("Procedimientos uniformes de quejas: {ucp_coordinator}"),
            (
                "Puede presentar una queja en línea, de forma anónima si lo desea: "
                "{complaint_form_url}"
            ),
        ),
    ),
}

ANNUAL_UCP = {
    "en": (
        "Annual notice of uniform complaint procedures",
        _paragraphs(
            (
                "Each year {program_name} tells students, employees, parents and guardians, "
                "advisory committees and other interested parties how to file a complaint under "
                "the Uniform Complaint Procedures (California Code of Regulations, title 5, "
                "sections 4600 and following)."
            ),
            (
                "You may file a complaint about unlawful discrimination, harassment, intimidation"
                " or bullying, or about a violation of law in our career technical education "
                "programs. A complaint about discrimination, harassment, intimidation or bullying"
                " must be filed within six months of when it happened or when you first learned "
                "of it; for good cause, the time may be extended by up to 90 days if you ask in "
                "writing. Other complaints must be filed within one year. If you are late, file "
                "anyway: we will receive your complaint and tell you how it will be handled."
            ),
            (
                "You can file online, on paper or in person, in English or in Spanish, and "
                "anonymously if you wish: {complaint_form_url}"
            ),
            (
                "We will investigate and send you a written report within 60 days of receiving "
                "your complaint, unless you agree in writing to more time. You will have the "
                "chance to give information and evidence. Your complaint is kept confidential, "
                "and no one may retaliate against you for filing it."
            ),
            (
                "If you disagree with our report, you may appeal in writing to the California "
                "Department of Education within 30 days of the date of the report. Civil law "
                "remedies may also be available."
            ),
            ("The person responsible for complaints: {ucp_coordinator}"),
            ("Title IX coordinator: {title_ix_coordinator}"),
            ("Section 504 coordinator: {section_504_coordinator}"),
            ("Our non-discrimination notice: {nondiscrimination_notice_url}"),
        ),
    ),
    "es": (
        "Aviso anual de los procedimientos uniformes de quejas",
        _paragraphs(
            (
                "Cada año, {program_name} informa a los estudiantes, empleados, padres y tutores,"
                " comités asesores y demás partes interesadas cómo presentar una queja conforme a"
                " los Procedimientos Uniformes de Quejas (Código de Reglamentos de California, "
                "título 5, secciones 4600 y siguientes)."
            ),
            (
                "Puede presentar una queja sobre discriminación ilegal, acoso, intimidación u "
                "hostigamiento, o sobre una violación de la ley en nuestros programas de "
                "educación técnica profesional. Una queja sobre discriminación, acoso, "
                "intimidación u hostigamiento debe presentarse dentro de los seis meses "
                "siguientes a los hechos o a la fecha en que usted se enteró de ellos; por causa "
                "justificada, el plazo puede ampliarse hasta 90 días si lo pide por escrito. Las "
                "demás quejas deben presentarse dentro de un año. Si el plazo ya pasó, preséntela"
                " de todos modos: recibiremos su queja y le diremos cómo se tramitará."
            ),
            (
                "Puede presentarla en línea, en papel o en persona, en inglés o en español, y de "
                "forma anónima si lo desea: {complaint_form_url}"
            ),
            (
                "Investigaremos y le enviaremos un informe por escrito dentro de los 60 días "
                "siguientes a la recepción de su queja, salvo que usted acepte por escrito un "
                "plazo mayor. Tendrá la oportunidad de presentar información y pruebas. Su queja "
                "se mantiene confidencial y nadie puede tomar represalias contra usted por "
                "presentarla."
            ),
            (
                "Si no está de acuerdo con nuestro informe, puede apelar por escrito al "
                "Departamento de Educación de California dentro de los 30 días siguientes a la "
                "fecha del informe. También pueden existir recursos de derecho civil."
            ),
            ("Persona responsable de las quejas: {ucp_coordinator}"),
            ("Coordinador(a) del Título IX: {title_ix_coordinator}"),
            ("Coordinador(a) de la Sección 504: {section_504_coordinator}"),
            ("Nuestro aviso de no discriminación: {nondiscrimination_notice_url}"),
        ),
    ),
}

DEFAULTS = {"nondiscrimination": NONDISCRIMINATION, "annual_ucp": ANNUAL_UCP}


def default_notice(kind: str, language: str) -> tuple[str, str] | None:
    texts = DEFAULTS.get(kind, {})
    return texts.get(language) or texts.get(language.split("-")[0])
