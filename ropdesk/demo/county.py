"""The demo county's fixed lists: real Los Angeles County districts and their high schools,
program centers, fictional employers, ROP course titles and names.

District and school names are public facts; codes are the demo's own (not CDS codes). Every
employer and person is fictional.
"""

# (district, [high schools], city)
DISTRICTS: list[tuple[str, list[str], str]] = [
    ("ABC Unified School District", ["Artesia High School", "Cerritos High School", "Gahr High School"], "Cerritos"),
    ("Alhambra Unified School District", ["Alhambra High School", "Mark Keppel High School", "San Gabriel High School"], "Alhambra"),
    ("Antelope Valley Union High School District", ["Antelope Valley High School", "Lancaster High School", "Palmdale High School"], "Lancaster"),
    ("Bellflower Unified School District", ["Bellflower High School", "Mayfair High School"], "Bellflower"),
    ("Burbank Unified School District", ["Burbank High School", "John Burroughs High School"], "Burbank"),
    ("Compton Unified School District", ["Compton High School", "Centennial High School", "Dominguez High School"], "Compton"),
    ("Covina-Valley Unified School District", ["Covina High School", "Northview High School", "South Hills High School"], "Covina"),
    ("Culver City Unified School District", ["Culver City High School"], "Culver City"),
    ("Downey Unified School District", ["Downey High School", "Warren High School"], "Downey"),
    ("El Monte Union High School District", ["Arroyo High School", "El Monte High School", "Mountain View High School"], "El Monte"),
    ("Glendale Unified School District", ["Crescenta Valley High School", "Glendale High School", "Hoover High School"], "Glendale"),
    ("Hacienda La Puente Unified School District", ["Glen A. Wilson High School", "La Puente High School", "Los Altos High School"], "La Puente"),
    ("Inglewood Unified School District", ["Inglewood High School", "Morningside High School"], "Inglewood"),
    ("Long Beach Unified School District", ["Jordan High School", "Lakewood High School", "Millikan High School", "Polytechnic High School"], "Long Beach"),
    ("Montebello Unified School District", ["Bell Gardens High School", "Montebello High School", "Schurr High School"], "Montebello"),
    ("Norwalk-La Mirada Unified School District", ["John Glenn High School", "La Mirada High School", "Norwalk High School"], "Norwalk"),
    ("Paramount Unified School District", ["Paramount High School"], "Paramount"),
    ("Pasadena Unified School District", ["Blair High School", "John Muir High School", "Pasadena High School"], "Pasadena"),
    ("Pomona Unified School District", ["Ganesha High School", "Garey High School", "Pomona High School"], "Pomona"),
    ("Torrance Unified School District", ["North High School", "South High School", "Torrance High School", "West High School"], "Torrance"),
    ("West Covina Unified School District", ["Edgewood High School", "West Covina High School"], "West Covina"),
    ("Whittier Union High School District", ["California High School", "La Serna High School", "Pioneer High School", "Santa Fe High School", "Whittier High School"], "Whittier"),
    ("William S. Hart Union High School District", ["Canyon High School", "Hart High School", "Saugus High School", "Valencia High School"], "Santa Clarita"),
]

# Program centers run by the county office: (name, host district index).
CENTERS: list[tuple[str, int]] = [
    ("ROP Career Center — Downey", 8),
    ("ROP Health Careers Center — Pasadena", 17),
    ("ROP Automotive and Trades Center — Bell Gardens", 14),
    ("ROP Business and Technology Center — Torrance", 19),
    ("ROP Career Center — Lancaster", 2),
    ("ROP Career Center — Pomona", 18),
]

# Fictional employers: (name, pathway codes they train for, host district index).
EMPLOYERS: list[tuple[str, list[str], int]] = [
    ("Gateway Regional Medical Center", ["198", "250", "197"], 8),
    ("Foothill Community Hospital", ["198", "199", "195"], 17),
    ("Harbor Auto Service Group", ["221", "220"], 13),
    ("San Gabriel Valley Collision", ["220", "221"], 9),
    ("Little Learners Child Care", ["130", "132"], 15),
    ("Sunrise Early Education Center", ["130", "132"], 6),
    ("Paws and Claws Animal Hospital", ["103"], 10),
    ("Coastline Hotel and Conference Center", ["202", "201"], 13),
    ("Mesa Grill Restaurant Group", ["201"], 0),
    ("Valley Fresh Market", ["243", "244"], 11),
    ("Metro Office Solutions", ["182", "180"], 19),
    ("Pacific Community Credit Union", ["180", "182"], 20),
    ("Antelope Valley Fire Safety Services", ["233", "232"], 2),
    ("Southland Logistics Warehouse", ["223"], 5),
    ("TechFix Computer Services", ["170", "172"], 4),
    ("Riverside Dental Group", ["250", "198"], 21),
    ("Santa Clarita Veterinary Clinic", ["103"], 22),
    ("Inland Empire Home Health", ["198", "195"], 18),
]

# ROP course titles by CALPADS pathway code, with hours and whether the course is approved for
# community classroom (CC) and cooperative vocational education (CVE).
COURSES: dict[str, tuple[str, int, bool, bool]] = {
    "100": ("Agricultural Business", 180, False, False),
    "101": ("Agricultural Mechanics", 180, False, False),
    "102": ("Agriscience", 180, False, False),
    "103": ("Veterinary Assistant", 180, True, False),
    "104": ("Forestry and Natural Resources", 180, False, False),
    "105": ("Floral Design and Horticulture", 180, True, False),
    "106": ("Plant and Soil Science", 180, False, False),
    "111": ("Graphic Design", 180, False, False),
    "112": ("Music Production and Performance", 180, False, False),
    "113": ("Video Production", 180, False, False),
    "114": ("Game Design", 180, False, False),
    "120": ("Cabinetmaking and Woodworking", 180, False, False),
    "121": ("Heavy Construction Careers", 180, False, False),
    "122": ("HVAC Technician", 200, True, False),
    "123": ("Construction Technology", 180, True, False),
    "130": ("Careers with Children", 180, True, True),
    "131": ("Consumer Services", 180, False, False),
    "132": ("Teacher Assisting", 180, True, False),
    "133": ("Human Services Aide", 180, True, False),
    "141": ("Water and Environmental Resources", 180, False, False),
    "142": ("Telecommunications and Cabling", 180, False, False),
    "143": ("Solar and Energy Technology", 180, False, False),
    "150": ("Architectural Drafting (CAD)", 180, False, False),
    "152": ("Engineering Design (CAD)", 180, False, False),
    "153": ("Robotics and Engineering Technology", 180, False, False),
    "154": ("Environmental Engineering Technology", 180, False, False),
    "160": ("Fashion Design and Merchandising", 180, False, False),
    "161": ("Interior Design", 180, False, False),
    "162": ("Cosmetology Fundamentals", 180, False, False),
    "170": ("Computer Repair and Help Desk", 180, True, True),
    "172": ("Computer Networking", 180, False, False),
    "174": ("Web and App Programming", 180, False, False),
    "175": ("Games and Simulation", 180, False, False),
    "180": ("Banking and Financial Services", 180, True, True),
    "181": ("International Trade and Logistics", 180, False, False),
    "182": ("Office Administration", 180, True, True),
    "195": ("Behavioral Health Aide", 180, True, False),
    "196": ("Biotechnology Lab Assistant", 180, False, False),
    "197": ("Sterile Processing Technician", 180, True, False),
    "198": ("Certified Nursing Assistant", 200, True, False),
    "199": ("Community Health Worker", 180, True, False),
    "200": ("Nutrition and Food Science", 180, False, False),
    "201": ("Culinary Arts", 180, True, True),
    "202": ("Hotel and Tourism Careers", 180, True, True),
    "210": ("Print and Digital Production", 180, False, False),
    "212": ("Machine Shop and CNC", 180, False, False),
    "213": ("Welding Technology", 180, False, False),
    "216": ("Product Design and 3D Printing", 180, False, False),
    "220": ("Auto Collision Repair", 180, True, False),
    "221": ("Automotive Technology", 180, True, True),
    "223": ("Warehouse and Logistics Operations", 180, True, True),
    "231": ("Legal Office Careers", 180, True, False),
    "232": ("Law Enforcement Careers", 180, False, False),
    "233": ("Emergency Medical Responder", 160, True, False),
    "241": ("Entrepreneurship", 180, False, False),
    "243": ("Retail Sales and Customer Service", 180, True, True),
    "244": ("Marketing and Social Media", 180, False, True),
    "250": ("Medical Office Administration", 180, True, True),
}

# Competency templates (Title 5 §10080(b): skill, knowledge or attitude for a job task).
COMPETENCIES = [
    "Follow the safety rules, procedures and regulations of the {field} workplace",
    "Use the tools, equipment and technology of {field} correctly and with care",
    "Communicate clearly with customers, co-workers and supervisors in {field}",
    "Apply the core technical skills of an entry-level worker in {field}",
    "Keep accurate records and documentation as {field} employers require",
    "Show work maturity: attendance, punctuality, teamwork and accepting feedback",
    "Describe careers, training paths and certifications in {field}",
    "Prepare a resume and complete a job application for a {field} position",
]

FIRST_NAMES_F = ["Maria", "Sofia", "Isabella", "Camila", "Valeria", "Ximena", "Emily", "Ashley",
                 "Jasmine", "Angela", "Grace", "Mei", "Jennifer", "Kayla", "Destiny", "Aaliyah",
                 "Nicole", "Andrea", "Daniela", "Lucia", "Hannah", "Olivia", "Ani", "Lilit",
                 "Thuy", "Linh", "Priya", "Fatima", "Alexis", "Brianna", "Ruby", "Natalie"]
FIRST_NAMES_M = ["Jose", "Luis", "Carlos", "Miguel", "Angel", "Diego", "Juan", "Daniel",
                 "Christopher", "Anthony", "Jacob", "Ethan", "Kevin", "Brandon", "Jayden",
                 "Marcus", "Andre", "David", "Ryan", "Minh", "Wei", "Arman", "Narek", "Joshua",
                 "Matthew", "Isaac", "Adrian", "Javier", "Eduardo", "Tyler", "Omar", "Samuel"]
LAST_NAMES = ["Garcia", "Hernandez", "Lopez", "Martinez", "Gonzalez", "Rodriguez", "Perez",
              "Sanchez", "Ramirez", "Flores", "Torres", "Rivera", "Gomez", "Diaz", "Reyes",
              "Cruz", "Morales", "Ortiz", "Gutierrez", "Chavez", "Ramos", "Mendoza", "Ruiz",
              "Alvarez", "Castillo", "Jimenez", "Vasquez", "Romero", "Smith", "Johnson",
              "Williams", "Brown", "Jones", "Davis", "Miller", "Wilson", "Anderson", "Taylor",
              "Thomas", "Moore", "Jackson", "White", "Harris", "Nguyen", "Tran", "Le", "Pham",
              "Kim", "Lee", "Park", "Chen", "Wang", "Liu", "Santos", "Reyes", "Dela Cruz",
              "Hovsepian", "Sarkisian", "Petrosyan", "Washington", "Robinson", "Patel"]

# Home languages, weighted roughly as in Los Angeles County public schools.
HOME_LANGUAGES = [("English", 52), ("Spanish", 38), ("Korean", 2), ("Tagalog", 2),
                  ("Armenian", 2), ("Vietnamese", 2), ("Mandarin", 1), ("Cantonese", 1)]
